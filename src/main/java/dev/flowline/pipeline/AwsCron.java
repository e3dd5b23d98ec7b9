package dev.flowline.pipeline;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * An AWS cron expression ({@code cron(Minutes Hours Day-of-month Month Day-of-week Year)}, the form the
 * DeploymentWindow rule takes) and whether a minute falls on it. Supports {@code *}, {@code ?}, lists,
 * ranges, steps, month and day names; {@code L}, {@code W} and {@code #} are refused as unsupported.
 */
public final class AwsCron {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private static final java.util.regex.Pattern UNSUPPORTED =
      java.util.regex.Pattern.compile("(^|[,/-])\\d*[LW]($|[,/-])");

  private final String[] fields;

  private AwsCron(String[] fields) {
    this.fields = fields;
  }

  /** Parses {@code cron(...)} or the bare six fields. */
  public static AwsCron parse(String expression) {
    String body = expression.trim();
    if (body.startsWith("cron(") && body.endsWith(")")) {
      body = body.substring(5, body.length() - 1).trim();
    }
    String[] fields = body.toUpperCase(Locale.ROOT).split("\\s+");
    if (fields.length != 6) {
      throw new IllegalArgumentException("A cron expression has 6 fields (minutes hours day-of-month month "
          + "day-of-week year), got " + fields.length + ": " + expression);
    }
    for (String field : fields) {
      if (field.contains("#") || UNSUPPORTED.matcher(field).find()) {
        throw new IllegalArgumentException("L, W and # are not supported in cron expressions: " + expression);
      }
    }
    AwsCron cron = new AwsCron(fields);
    cron.matches(ZonedDateTime.now());
    return cron;
  }

  public boolean matches(ZonedDateTime time) {
    int dayOfWeek = time.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : time.getDayOfWeek().getValue() + 1;
    return field(fields[0], time.getMinute(), 0, 59, List.of(), 0)
        && field(fields[1], time.getHour(), 0, 23, List.of(), 0)
        && field(fields[2], time.getDayOfMonth(), 1, 31, List.of(), 0)
        && field(fields[3], time.getMonthValue(), 1, 12, MONTHS, 1)
        && field(fields[4], dayOfWeek, 1, 7, DAYS, 1)
        && field(fields[5], time.getYear(), 1970, 2199, List.of(), 0);
  }

  private static boolean field(String spec, int value, int min, int max, List<String> names, int nameBase) {
    if (spec.equals("*") || spec.equals("?")) {
      return true;
    }
    for (String part : spec.split(",")) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = Integer.parseInt(part.substring(slash + 1));
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] bounds = range.split("-", 2);
        from = number(bounds[0], names, nameBase);
        to = number(bounds[1], names, nameBase);
      } else {
        from = number(range, names, nameBase);
        to = slash >= 0 ? max : from;
      }
      if (value >= from && value <= to && (value - from) % step == 0) {
        return true;
      }
    }
    return false;
  }

  private static int number(String token, List<String> names, int nameBase) {
    int index = names.indexOf(token);
    return index >= 0 ? index + nameBase : Integer.parseInt(token);
  }
}
