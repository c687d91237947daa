package io.github.d6connector.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Builds the requests of the fault tests. Every request has its own school, so that the d6 calls of one
 * request can be counted in the WireMock journal by the URL {@code /api/v1/settings/clients/{school}}.
 */
final class FaultRequests {

    static final String REQUEST_QUEUE = "d6.client-state.requests";

    private FaultRequests() {
    }

    /**
     * Returns {@code count} request ids {@code prefix0000}, {@code prefix0001}, ... mapped to the schools
     * {@code firstSchool}, {@code firstSchool + 1}, ..., in order.
     */
    static Map<String, Integer> numbered(String prefix, int firstSchool, int count) {
        Map<String, Integer> schoolByRequestId = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            schoolByRequestId.put(String.format("%s%04d", prefix, i), firstSchool + i);
        }
        return schoolByRequestId;
    }

    /**
     * Returns {@code files} CSV files named {@code prefix-0.csv}, {@code prefix-1.csv}, ..., each with
     * {@code rows} requests {@code file<n>-row0000}, ... and schools from {@code firstSchool + n * 1000}.
     */
    static Map<String, Map<String, Integer>> csvFiles(String prefix, int files, int rows, int firstSchool) {
        Map<String, Map<String, Integer>> requestsByFile = new LinkedHashMap<>();
        for (int file = 0; file < files; file++) {
            requestsByFile.put(prefix + "-" + file + ".csv",
                    numbered("file" + file + "-row", firstSchool + file * 1000, rows));
        }
        return requestsByFile;
    }

    /** Returns the JMS message body of a request that turns the integration of API type 8 on. */
    static String jmsBody(String requestId, int school) {
        return "{\"school_login_id\":" + school + ",\"api_type_id\":8,\"state\":1,\"request_id\":\"" + requestId
                + "\"}";
    }

    /** Sends one persistent text message per request to the request queue, committed as one transaction. */
    static void sendJms(String brokerUrl, Map<String, Integer> schoolByRequestId) throws JMSException {
        Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        try {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(REQUEST_QUEUE));
            for (Map.Entry<String, Integer> request : schoolByRequestId.entrySet()) {
                producer.send(session.createTextMessage(jmsBody(request.getKey(), request.getValue())));
            }
            session.commit();
        } finally {
            connection.close();
        }
    }

    /** Sends one persistent text message to a queue, outside any transaction. */
    static void sendText(String brokerUrl, String queue, String text) throws JMSException {
        Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(text));
        } finally {
            connection.close();
        }
    }

    /**
     * Drops a CSV file with one row per request (columns school_login_id, api_type_id, state, request_id)
     * into the inbox. The file is written under another name and renamed, so the connector never reads it
     * half written.
     */
    static Path dropCsv(Path inbox, String fileName, Map<String, Integer> schoolByRequestId) throws IOException {
        StringBuilder csv = new StringBuilder("school_login_id,api_type_id,state,request_id\n");
        schoolByRequestId.forEach((requestId, school) -> csv.append(school).append(",8,1,").append(requestId)
                .append('\n'));
        Files.createDirectories(inbox);
        Path written = inbox.resolve(fileName + ".writing");
        Files.writeString(written, csv, StandardCharsets.UTF_8);
        return Files.move(written, inbox.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }
}
