package dev.camelcoding.app;

/** Placeholder entry point, replaced as the application's commands land. */
public final class CodingSync {
    private CodingSync() {
    }

    public static void main(String[] args) {
        System.out.println("coding-sync");
    }
}
