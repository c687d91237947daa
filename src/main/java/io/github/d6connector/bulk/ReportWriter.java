package io.github.d6connector.bulk;

import java.io.IOException;

/**
 * Writes the rows of a bulk report in input order.
 */
interface ReportWriter extends AutoCloseable {

    void write(ReportRow row) throws IOException;

    @Override
    void close() throws IOException;
}
