package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.limit.Politeness;
import dev.shoal.internal.robots.RobotsCache;
import dev.shoal.internal.robots.RobotsRules;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Each hop (redirect targets too) asks its host's robots.txt first: a path it disallows for this client's user
 * agent fails as {@code robots} without being sent, and its Crawl-delay becomes the host's pace.
 */
public final class RobotsStage implements Stage {
    private final RobotsCache robots;
    private final Politeness politeness;

    public RobotsStage(RobotsCache robots, Politeness politeness) {
        this.robots = robots;
        this.politeness = politeness;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        CompletableFuture<RobotsRules> rules = robots.rules(hop.origin());
        if (rules.isDone()) {
            return decide(call, hop, next, rules.join());
        }
        return rules.thenCompose(r -> call.isDone() ? call.result() : decide(call, hop, next, r));
    }

    private CompletableFuture<Response> decide(Call call, Hop hop, Chain next, RobotsRules rules) {
        String rule = rules.disallowedBy(hop.pathAndQuery());
        if (rule != null) {
            return CompletableFuture.failedFuture(Internal.shoalException(ErrorKind.ROBOTS, rules.unreachable()
                    ? rules.source() : "disallowed by robots.txt (Disallow: " + rule + ", " + rules.source() + ")"));
        }
        if (rules.crawlDelayMillis() > 0) {
            politeness.crawlDelay(hop.origin(), TimeUnit.MILLISECONDS.toNanos(rules.crawlDelayMillis()));
        }
        return next.proceed(call, hop);
    }
}
