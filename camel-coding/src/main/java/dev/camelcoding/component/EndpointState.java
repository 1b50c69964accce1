package dev.camelcoding.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.component.store.CodingStore;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;

/**
 * Where one endpoint keeps its state: the repository (the configured cursorRepository, or the component's file
 * repository under dataDirectory), the prefix of its keys, and the typed store over them, made once per start.
 */
final class EndpointState {

    private final CodingEndpoint endpoint;
    private StateStore store;
    /** Where the readers remember what they know per issue (the census key set); null: in the state itself. */
    private CodingStore perIssueStore;

    EndpointState(CodingEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    synchronized StateStore store() {
        if (store == null) {
            store = new StateStore(repository(), keyPrefix(), new ObjectMapper(), perIssueStore);
        }
        return store;
    }

    /**
     * Makes the endpoint's readers keep what they remember per issue in {@code store}'s tables, a range at a time,
     * rather than in their state (a source's reader, whose log has a store). Before the state is first used.
     */
    synchronized void rememberPerIssueIn(CodingStore perIssue) {
        this.perIssueStore = perIssue;
        this.store = null;
    }

    /** Forgets the store, so the next start makes one over the options in force then. */
    synchronized void reset() {
        store = null;
    }

    StateRepository<String, String> repository() {
        CodingConfiguration configuration = endpoint.getConfiguration();
        StateRepository<String, String> configured = configuration.getCursorRepository();
        if (configured != null) {
            return configured;
        }
        // the readers' state in the endpoint's store (the change log's with a log, else an embedded one)
        try {
            return endpoint.getComponent().stateRepository(configuration);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeCamelException("cannot open the store of " + endpoint.getEndpointUri(), e);
        }
    }

    String keyPrefix() {
        CodingConfiguration configuration = endpoint.getConfiguration();
        return StateKeyPrefix.of(
                endpoint.getTable(),
                configuration.getTeamName(),
                configuration.getProjectName(),
                configuration.getIssueType(),
                configuration.getIterationCodes());
    }

    /** The sync status as the state holds it (what was committed), as {@code coding-sync status} reads it. */
    TableStatus status() {
        return new CodingStatusReader(repository()).read(endpoint.getTable(), keyPrefix());
    }
}
