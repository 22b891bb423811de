package dev.shoal.internal.robots;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** robots.txt as RFC 9309 reads it (its section 5 examples among them). */
class RobotsRulesTest {

    @Test
    void theProductTokensGroupWinsOverTheStarGroupCaseInsensitively() {
        String txt = """
                User-agent: *
                Disallow: /

                User-Agent: Shoal
                Disallow: /private
                """;
        RobotsRules mine = RobotsRules.parse(txt, RobotsRules.productToken("shoal/0.1 (+https://example.test)"));
        assertTrue(mine.allows("/public"));
        assertFalse(mine.allows("/private/x"));
        RobotsRules other = RobotsRules.parse(txt, "otherbot");
        assertFalse(other.allows("/public"));
    }

    @Test
    void groupsForTheSameAgentCombineAndConsecutiveAgentLinesShareAGroup() {
        String txt = """
                user-agent: a
                user-agent: shoal
                disallow: /one
                user-agent: b
                disallow: /two
                user-agent: shoal
                disallow: /three   # comment
                """;
        RobotsRules r = RobotsRules.parse(txt, "shoal");
        assertFalse(r.allows("/one"));
        assertTrue(r.allows("/two"));
        assertFalse(r.allows("/three"));
    }

    @Test
    void theLongestMatchDecidesAndAllowWinsATie() {
        String txt = """
                User-agent: *
                Disallow: /example/page/
                Allow: /example/page/disallowed.gif
                Disallow: /tie
                Allow: /tie
                """;
        RobotsRules r = RobotsRules.parse(txt, "shoal");
        assertFalse(r.allows("/example/page/"));
        assertFalse(r.allows("/example/page/x.html"));
        assertTrue(r.allows("/example/page/disallowed.gif"));
        assertTrue(r.allows("/tie/x"));
        assertTrue(r.allows("/example/"));
    }

    @Test
    void starMatchesAnyRunAndDollarTheEnd() {
        String txt = """
                User-agent: *
                Disallow: /*.gif$
                Disallow: /a*/b
                Allow: /a*/b/ok
                """;
        RobotsRules r = RobotsRules.parse(txt, "shoal");
        assertFalse(r.allows("/img/x.gif"));
        assertTrue(r.allows("/img/x.gif?size=2"));
        assertFalse(r.allows("/axx/b/c"));
        assertTrue(r.allows("/axx/b/ok"));
        assertTrue(r.allows("/b/a"));
    }

    @Test
    void anEmptyDisallowAllowsEverythingAndRobotsTxtItselfIsAlwaysAllowed() {
        assertTrue(RobotsRules.parse("User-agent: *\nDisallow:\n", "shoal").allows("/anything"));
        RobotsRules all = RobotsRules.parse("User-agent: *\nDisallow: /\n", "shoal");
        assertFalse(all.allows("/"));
        assertFalse(all.allows(""));
        assertTrue(all.allows("/robots.txt"));
    }

    @Test
    void percentEncodingIsNormalizedOnBothSides() {
        RobotsRules r = RobotsRules.parse("User-agent: *\nDisallow: /%7Ejoe/\nDisallow: /foo/bar/ツ\nDisallow: /a%3cd\n", "shoal");
        assertFalse(r.allows("/~joe/index.html"));
        assertFalse(r.allows("/foo/bar/%E3%83%84"));
        assertFalse(r.allows("/a%3Cd"));
    }

    @Test
    void crawlDelayComesFromTheChosenGroupAndNoGroupAllowsAll() {
        String txt = "User-agent: *\nCrawl-delay: 2.5\nUser-agent: shoal\nCrawl-delay: 1\nDisallow: /x\n";
        assertEquals(1000, RobotsRules.parse(txt, "shoal").crawlDelayMillis());
        assertEquals(2500, RobotsRules.parse(txt, "other").crawlDelayMillis());
        RobotsRules none = RobotsRules.parse("User-agent: otherbot\nDisallow: /\n", "shoal");
        assertTrue(none.allows("/x"));
        assertEquals(-1, none.crawlDelayMillis());
    }

    @Test
    void aHugeCrawlDelayIsKeptAsVerySlowAndAnUnreadableOneIsIgnored() {
        assertEquals(1_000_000_000L, RobotsRules.parse("User-agent: *\nCrawl-delay: 99999999999\n", "shoal").crawlDelayMillis());
        assertEquals(1_000_000_000L, RobotsRules.parse("User-agent: *\nCrawl-delay: 1e300\n", "shoal").crawlDelayMillis());
        for (String value : List.of("-1", "soon", "NaN", "")) {
            assertEquals(-1, RobotsRules.parse("User-agent: *\nCrawl-delay: " + value + "\n", "shoal").crawlDelayMillis(), value);
        }
    }

    @Test
    void unreachableMeansNothingIsAllowed() {
        RobotsRules r = RobotsRules.unreachable("status 503");
        assertFalse(r.allows("/"));
        assertTrue(r.unreachable());
        assertTrue(RobotsRules.ALLOW_ALL.allows("/x"));
    }
}
