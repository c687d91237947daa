package io.github.d6connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.d6connector.input.UnreadableRequestFileException;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestValidator;

class CsvRowSourceTest {

    @TempDir
    Path folder;

    private List<BulkRow> read(String content) throws Exception {
        Path file = folder.resolve("schools.csv");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        List<BulkRow> rows = new ArrayList<>();
        try (CsvRowSource source = new CsvRowSource(file, "schools.csv", new RequestValidator())) {
            source.asIterator().forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void bomCrlfAndAnyColumnOrder() throws Exception {
        List<BulkRow> rows = read("\uFEFFState,API_TYPE_ID,School_Login_Id\r\n1,8,1000\r\n0,9,1001\r\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(0).request()).isEqualTo(new ClientStateRequest("schools.csv#2",
                "file:schools.csv#line 2", 1000, 8, 1, Map.of()));
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(((ClientStateRequest) rows.get(1).request()).apiTypeId()).isEqualTo(9);
    }

    @Test
    void quotedCommaKeptInExtraColumn() throws Exception {
        List<BulkRow> rows = read("school_login_id,api_type_id,state,school_name\n1000,8,1,\"Green, Valley High\"\n");

        assertThat(rows.get(0).request().attributes()).containsEntry("school_name", "Green, Valley High");
    }

    @Test
    void blankLinesSkippedAndLinesCounted() throws Exception {
        List<BulkRow> rows = read("school_login_id,api_type_id,state\n\n1000,8,1\n\n\n1001,8,0\n");

        assertThat(rows).extracting(BulkRow::line).containsExactly(3, 6);
    }

    @Test
    void missingCellIsInvalidWithLine() throws Exception {
        List<BulkRow> rows = read("school_login_id,api_type_id,state\n1000,8\n1001,8,1\n");

        assertThat(rows.get(0).request()).isInstanceOf(InvalidRequest.class);
        assertThat(((InvalidRequest) rows.get(0).request()).reason()).startsWith("line 2: state is missing");
        assertThat(rows.get(1).request()).isInstanceOf(ClientStateRequest.class);
    }

    @Test
    void extraCellIsInvalid() throws Exception {
        List<BulkRow> rows = read("school_login_id,api_type_id,state\n1000,8,1,surplus\n");

        assertThat(((InvalidRequest) rows.get(0).request()).reason())
                .isEqualTo("line 2: the row has 4 cells but the header names 3 columns");
    }

    @Test
    void missingRequiredColumnIsUnreadable() {
        assertThatThrownBy(() -> read("school,api_type_id,state\n1000,8,1\n"))
                .isInstanceOf(UnreadableRequestFileException.class)
                .hasMessageContaining("missing school_login_id");
    }

    @Test
    void textStateIsInvalid() throws Exception {
        List<BulkRow> rows = read("school_login_id,api_type_id,state\n1000,8,yes\n");

        assertThat(((InvalidRequest) rows.get(0).request()).reason())
                .isEqualTo("line 2: state must be 0 (deactivate) or 1 (activate), got the string \"yes\"");
    }
}
