package dev.camelcoding.component.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.camel.Endpoint;
import org.apache.camel.Message;
import org.apache.camel.http.common.DefaultHttpBinding;
import org.apache.camel.http.common.HttpCommonEndpoint;

/**
 * The Jetty listener's binding: headers are mapped as usual, but request parameters are not read. Jetty 12 answers
 * {@code getParameterNames()} on a form-encoded POST by parsing the form from the request content, whether or not
 * the body stream was taken already; the bytes it consumed are then missing from the raw body the signature is
 * computed over (a WebHook v2 form delivery failed its signature check whenever its body had arrived by then).
 * The body is handed over as an {@link UnreadBody}, never read or cached here (see that class: Camel's stream
 * caching would otherwise copy all of it into memory before the handler checks its size).
 *
 * <p>Loaded only for {@code webhookServer=jetty}, so camel-http-common stays an optional dependency.
 */
final class RawBodyBinding extends DefaultHttpBinding {

    private RawBodyBinding() {}

    /** Gives a camel-jetty endpoint this binding, with the endpoint's own options. */
    static void install(Endpoint endpoint) {
        if (endpoint instanceof HttpCommonEndpoint http) {
            RawBodyBinding binding = new RawBodyBinding();
            binding.setHeaderFilterStrategy(http.getHeaderFilterStrategy());
            binding.setMuteException(http.isMuteException());
            binding.setTransferException(false);
            binding.setEagerCheckContentAvailable(http.isEagerCheckContentAvailable());
            binding.setMapHttpMessageBody(http.isMapHttpMessageBody());
            binding.setMapHttpMessageHeaders(http.isMapHttpMessageHeaders());
            binding.setMapHttpMessageFormUrlEncodedBody(false);
            http.setHttpBinding(binding);
        }
    }

    @Override
    public Object parseBody(HttpServletRequest request, Message message) throws IOException {
        return new UnreadBody(request.getInputStream());
    }

    @Override
    protected void populateRequestParameters(HttpServletRequest request, Message message) {
        // deliberately nothing: see the class comment; the handler needs no query or form parameters
    }

    @Override
    protected void populateAttachments(HttpServletRequest request, Message message) {
        // deliberately nothing: deliveries have no attachments, and looking for them may read the body
    }
}
