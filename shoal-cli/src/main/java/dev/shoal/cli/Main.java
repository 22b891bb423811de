package dev.shoal.cli;

/** Placeholder while the command line is written. */
public final class Main {
    public static void main(String[] args) {
        System.err.println("shoal: in progress");
        System.exit(1);
    }
}
