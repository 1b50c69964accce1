package dev.camelcoding.simulator;

/** The team (CODING "团队"); {@code domain} is the sub-domain in https://{domain}.coding.net. */
record TeamRecord(long id, String domain, String name, String avatar) {

    String url() {
        return "https://" + domain + ".coding.net";
    }
}
