package dev.flowline.actions.build;

import dev.flowline.actions.build.Buildspec.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The {@code reports} of a build: JUnit XML files are read and their test cases counted (a case with a
 * {@code failure} or {@code error} failed, one with {@code skipped} was skipped, any other passed). As in
 * CodeBuild, reports only inform: failing tests do not fail the build, and an unreadable report file is
 * logged, not fatal. Other file formats are logged as not supported.
 */
final class TestReports {

  /** Test case counts over every report file read. */
  record Totals(int passed, int failed, int skipped) {
    Totals plus(Totals other) {
      return new Totals(passed + other.passed, failed + other.failed, skipped + other.skipped);
    }

    @Override
    public String toString() {
      return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
  }

  private TestReports() {}

  /** The totals of all report groups, or empty when no report file could be read. */
  static Optional<Totals> collect(Map<String, Report> reports, Path sourceDirectory, PrintStream log) throws IOException {
    Totals totals = null;
    for (Map.Entry<String, Report> group : reports.entrySet()) {
      Report report = group.getValue();
      if (!report.fileFormat().equals("JUNITXML")) {
        log.println("[Container] Report group " + group.getKey() + ": file format " + report.fileFormat()
            + " is not supported by the local runner; only JUNITXML is read");
        continue;
      }
      List<Path> bases = FileSets.baseDirectories(sourceDirectory, report.baseDirectory());
      List<FileSets.Selected> files = FileSets.select(bases, report.files());
      if (files.isEmpty()) {
        log.println("[Container] Report group " + group.getKey() + ": no report files match " + report.files());
        continue;
      }
      Totals groupTotals = new Totals(0, 0, 0);
      for (FileSets.Selected file : files) {
        if (Files.isSymbolicLink(file.file())) {
          log.println("[Container] Report file " + file.relativePath() + " is a symbolic link; links are not read");
          continue;
        }
        try {
          groupTotals = groupTotals.plus(junit(file.file()));
        } catch (SAXException | IOException e) {
          log.println("[Container] Report file " + file.relativePath() + " is not readable JUnit XML: " + e.getMessage());
        }
      }
      log.println("[Container] Report group " + group.getKey() + ": " + groupTotals);
      totals = totals == null ? groupTotals : totals.plus(groupTotals);
    }
    return Optional.ofNullable(totals);
  }

  static Totals junit(Path file) throws SAXException, IOException {
    Element root = parser().parse(file.toFile()).getDocumentElement();
    NodeList cases = root.getElementsByTagName("testcase");
    if (root.getTagName().equals("testcase")) {
      return count(root);
    }
    Totals totals = new Totals(0, 0, 0);
    for (int i = 0; i < cases.getLength(); i++) {
      totals = totals.plus(count((Element) cases.item(i)));
    }
    if (cases.getLength() == 0) {
      return fromSuiteAttributes(root);
    }
    return totals;
  }

  private static Totals count(Element testCase) {
    boolean failed = false;
    boolean skipped = false;
    for (Node child = testCase.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        switch (element.getTagName().toLowerCase(Locale.ROOT)) {
          case "failure", "error" -> failed = true;
          case "skipped" -> skipped = true;
          default -> { }
        }
      }
    }
    return failed ? new Totals(0, 1, 0) : skipped ? new Totals(0, 0, 1) : new Totals(1, 0, 0);
  }

  /** A report with suites but no cases: trust the counts on the innermost suites. */
  private static Totals fromSuiteAttributes(Element root) {
    NodeList suites = root.getElementsByTagName("testsuite");
    if (root.getTagName().equals("testsuite")) {
      return suiteTotals(root);
    }
    Totals totals = new Totals(0, 0, 0);
    for (int i = 0; i < suites.getLength(); i++) {
      Element suite = (Element) suites.item(i);
      if (suite.getElementsByTagName("testsuite").getLength() == 0) {
        totals = totals.plus(suiteTotals(suite));
      }
    }
    return totals;
  }

  private static Totals suiteTotals(Element suite) {
    int tests = number(suite, "tests");
    int failed = number(suite, "failures") + number(suite, "errors");
    int skipped = number(suite, "skipped") + number(suite, "disabled");
    return new Totals(Math.max(0, tests - failed - skipped), failed, skipped);
  }

  private static int number(Element element, String attribute) {
    try {
      return Integer.parseInt(element.getAttribute(attribute).strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A parser that refuses DOCTYPEs, so a report cannot pull in external entities. */
  private static DocumentBuilder parser() throws SAXException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler());
      return builder;
    } catch (ParserConfigurationException e) {
      throw new SAXException("No XML parser available", e);
    }
  }
}
