package dev.camelcoding.component.changelog;

import org.apache.camel.cluster.CamelClusterMember;

/** A node as a lease view sees it: its id (the lease holder), whether it leads, whether it is this node. */
record LeaseMember(String id, boolean leader, boolean local) implements CamelClusterMember {

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public boolean isLocal() {
        return local;
    }
}
