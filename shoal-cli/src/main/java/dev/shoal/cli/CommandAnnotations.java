package dev.shoal.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the annotations that picocli reads when it builds its model of a command: those of the command's class, of
 * its superclasses, and of its mixins' and argument groups' classes. The JDK parses an element's annotations once and
 * keeps them with the element's class, and generates a class for each annotation type at its first use; read on
 * another thread while picocli starts, they are ready when picocli asks for them.
 */
final class CommandAnnotations {
    private CommandAnnotations() {
    }

    /** Reads them all; picocli's own reading then finds them parsed. */
    static void read(Class<?> command) {
        for (Class<?> type : classes(command)) {
            type.getAnnotations();
            for (Field field : type.getDeclaredFields()) {
                field.getDeclaredAnnotations();
            }
            for (Method method : type.getDeclaredMethods()) {
                method.getDeclaredAnnotations();
            }
        }
    }

    /** The command's class, its superclasses, and those of its mixins and argument groups, recursively. */
    static Set<Class<?>> classes(Class<?> command) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        collect(command, classes);
        return classes;
    }

    private static void collect(Class<?> type, Set<Class<?>> classes) {
        for (Class<?> c = type; c != null && c != Object.class && classes.add(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(Mixin.class) || field.isAnnotationPresent(ArgGroup.class)) {
                    collect(field.getType(), classes);
                }
            }
        }
    }
}
