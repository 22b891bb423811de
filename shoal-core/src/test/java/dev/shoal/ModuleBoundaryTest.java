package dev.shoal;

import org.junit.jupiter.api.Test;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Users reach {@code dev.shoal} and nothing else: the module exports that one package, and code outside the
 * module (here the test itself, in the unnamed module) is refused the engine's classes when the library runs on
 * the module path. The tests themselves run on the class path, where the jar keeps working as before.
 */
class ModuleBoundaryTest {

    @Test
    void theModuleExportsOnlyDevShoalAndOpensNothing() throws Exception {
        ModuleDescriptor descriptor = ModuleFinder.of(classesDir()).find("dev.shoal").orElseThrow().descriptor();
        Set<String> exported = descriptor.exports().stream()
                .map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.shoal"), exported);
        assertFalse(descriptor.isOpen());
        assertTrue(descriptor.opens().isEmpty(), "opens: " + descriptor.opens());
        assertTrue(descriptor.packages().contains("dev.shoal.internal"), "the engine is inside the module");
    }

    @Test
    void codeOutsideTheModuleCannotCallTheEngineButCanUseTheApi() throws Exception {
        ModuleLayer layer = layerWithShoal();
        Module shoal = layer.findModule("dev.shoal").orElseThrow();
        ClassLoader loader = shoal.getClassLoader();
        Module outside = getClass().getModule();

        assertTrue(shoal.isExported("dev.shoal", outside));
        assertFalse(shoal.isExported("dev.shoal.internal", outside));

        Method engineMethod = loader.loadClass("dev.shoal.internal.base.Outcomes").getMethod("asShoalException", Throwable.class);
        assertThrows(IllegalAccessException.class, () -> engineMethod.invoke(null, new RuntimeException("x")));

        // the public API works from outside, the engine's bridge included (an invalid setting is a ShoalConfig check)
        Object builder = loader.loadClass("dev.shoal.Shoal").getMethod("builder").invoke(null);
        Object config = builder.getClass().getMethod("config").invoke(builder);
        assertTrue(config.toString().startsWith("ShoalConfig{maxInFlight=256"), config.toString());
        Object cancelled = loader.loadClass("dev.shoal.ErrorKind").getField("CANCELLED").get(null);
        assertEquals("cancelled", cancelled.getClass().getMethod("wireName").invoke(cancelled));
    }

    /** shoal-core from target/classes and its dependencies from the test class path, as named modules in a new layer. */
    private static ModuleLayer layerWithShoal() throws URISyntaxException {
        List<Path> modulePath = new ArrayList<>();
        modulePath.add(classesDir());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p) && isModule(p)) {
                modulePath.add(p);
            }
        }
        ModuleFinder finder = ModuleFinder.of(modulePath.toArray(new Path[0]));
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("dev.shoal"));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    }

    private static boolean isModule(Path jar) {
        try {
            return !ModuleFinder.of(jar).findAll().isEmpty();
        } catch (FindException e) {
            return false;  // a jar without a usable module name: not needed by shoal-core
        }
    }

    private static Path classesDir() throws URISyntaxException {
        Path classes = Path.of(Shoal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), "no module-info.class in " + classes);
        return classes;
    }
}
