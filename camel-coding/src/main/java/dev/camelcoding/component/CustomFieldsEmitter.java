package dev.camelcoding.component;

import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.polling.ChangeEmitter;
import dev.camelcoding.component.schema.CustomFieldDefinitions;
import java.util.List;

/** Hands a poller's issue events on with their custom field values typed ({@link CustomFieldDefinitions}). */
public final class CustomFieldsEmitter implements ChangeEmitter {

    private final ChangeEmitter next;
    private final CustomFieldDefinitions definitions;

    private CustomFieldsEmitter(ChangeEmitter next, CustomFieldDefinitions definitions) {
        this.next = next;
        this.definitions = definitions;
    }

    /** {@code next} itself for the tables without custom fields. */
    public static ChangeEmitter wrap(ChangeEmitter next, CodingEndpoint endpoint) {
        CustomFieldDefinitions definitions = endpoint.customFieldDefinitions();
        return definitions == null ? next : new CustomFieldsEmitter(next, definitions);
    }

    @Override
    public void emit(ChangeEvent event) throws Exception {
        next.emit(definitions.apply(event));
    }

    @Override
    public void flush() throws Exception {
        next.flush();
    }

    @Override
    public int pending() {
        return next.pending();
    }

    @Override
    public boolean batchFull() {
        return next.batchFull();
    }

    @Override
    public boolean isRunAllowed() {
        return next.isRunAllowed();
    }

    @Override
    public void emitBatch(List<ChangeEvent> events, String passId) throws Exception {
        next.emitBatch(events.stream().map(definitions::apply).toList(), passId);
    }
}
