package dev.shoal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's packages point one way (docs/packages.md draws them): read from the compiled classes by jdeps,
 * as docs/packages.py does, they form no cycle, and nothing but the API reaches up to {@code dev.shoal.internal},
 * the top (Engine, StreamLoop, GatherLoop). The public package {@code dev.shoal} is both the bottom (its value
 * types are used by every layer) and the front door ({@code Shoal} builds the Engine): its own edges into the
 * engine are left out of the cycle check, as that is the module's shape, not a layer pointing back.
 */
@Timeout(120)
class PackageCyclesTest {
    private static final String API = "dev.shoal";
    private static final String TOP = "dev.shoal.internal";
    private static Map<String, Set<String>> compiled;  // read once: jdeps takes seconds

    @Test
    void theEnginesPackagesFormNoCycle() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.keySet().containsAll(Set.of(TOP, TOP + ".base", TOP + ".call", TOP + ".pool", TOP + ".pipeline")),
                "jdeps saw the packages: " + graph.keySet());
        graph.put(API, new TreeSet<>());
        assertEquals(List.of(), cycles(graph), "packages that depend on each other, each set a cycle");
    }

    @Test
    void onlyTheApiReachesTheTop() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        List<String> reaching = graph.entrySet().stream()
                .filter(e -> e.getValue().contains(TOP) && !e.getKey().equals(API))
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(List.of(), reaching, "packages that import the engine's top package");
    }

    /** The check itself can fail: a cycle, a longer one and a package beside them. */
    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("a", "c"));
        graph.put("c", Set.of("d"));
        graph.put("d", Set.of("e"));
        graph.put("e", Set.of("c", "f"));
        graph.put("f", Set.of());
        assertEquals(List.of(Set.of("a", "b"), Set.of("c", "d", "e")), cycles(graph));
        graph.put("e", Set.of("f"));
        graph.put("b", Set.of("c"));
        assertEquals(List.of(), cycles(graph));
    }

    /** Each package of shoal-core to the other dev.shoal packages it uses, as jdeps reads the compiled classes. */
    private static synchronized Map<String, Set<String>> packageGraph() throws Exception {
        if (compiled == null) {
            compiled = readPackageGraph();
        }
        Map<String, Set<String>> copy = new TreeMap<>();
        compiled.forEach((p, uses) -> copy.put(p, new TreeSet<>(uses)));
        return copy;
    }

    private static Map<String, Set<String>> readPackageGraph() throws Exception {
        Path classes = Path.of(Shoal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), "no module-info.class in " + classes);
        // the module's requirements, from the test class path: jdeps resolves the module before reading it
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                jars.add(entry);
            }
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                "--multi-release", String.valueOf(Runtime.version().feature()),
                "--module-path", String.join(File.pathSeparator, jars),
                "-verbose:package", "-e", "dev\\.shoal(\\..*)?", classes.toString());
        assertEquals(0, status, "jdeps failed: " + err + out);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] w = line.trim().split("\\s+");
            // "   dev.shoal.internal.pool   -> dev.shoal.internal.call   dev.shoal"
            if (w.length >= 3 && w[1].equals("->") && isShoal(w[0]) && isShoal(w[2])) {
                Set<String> uses = graph.computeIfAbsent(w[0], p -> new TreeSet<>());
                if (!w[0].equals(w[2])) {
                    uses.add(w[2]);
                }
            }
        }
        return graph;
    }

    private static boolean isShoal(String pkg) {
        return pkg.equals(API) || pkg.startsWith(API + ".");
    }

    /** The graph's cycles: its strongly connected components of more than one package (Tarjan), sorted. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String p : graph.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, graph, index, low, stack, onStack, found);
            }
        }
        found.sort((a, b) -> a.iterator().next().compareTo(b.iterator().next()));
        return found;
    }

    private static void connect(String p, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> found) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        onStack.add(p);
        for (String q : graph.getOrDefault(p, Set.of())) {
            if (!index.containsKey(q)) {
                connect(q, graph, index, low, stack, onStack, found);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
