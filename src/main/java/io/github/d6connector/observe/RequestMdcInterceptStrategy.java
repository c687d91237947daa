package io.github.d6connector.observe;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Wraps every processor of every route so that it runs with the exchange's request id in the MDC. Redelivery
 * and bulk rows continue on other threads than the one a request started on, so the id is set again for each
 * step rather than once per request.
 */
public final class RequestMdcInterceptStrategy implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(AsyncProcessorConverterHelper.convert(target)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try (RequestMdc.Scope scope = RequestMdc.open(exchange)) {
                    return processor.process(exchange, callback);
                }
            }
        };
    }
}
