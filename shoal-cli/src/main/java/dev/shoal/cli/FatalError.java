package dev.shoal.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A local failure that ends the run with exit status 1 and one line on stderr (no stack trace). */
public final class FatalError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FatalError(String message) {
        super(message, null, false, false);
    }

    /** "cannot write rows.jsonl: permission denied" from what the file system said. */
    public static FatalError io(String action, Object target, IOException e) {
        return new FatalError(action + " " + target + ": " + reason(e));
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileAlreadyExistsException) return "a file of that name exists";  // its message is only the path
        if (e instanceof java.nio.charset.CharacterCodingException) return "not UTF-8 text";  // not "Input length = 1"
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return String.valueOf(e.getMessage());
    }
}
