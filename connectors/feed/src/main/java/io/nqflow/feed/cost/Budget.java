package io.nqflow.feed.cost;

import io.nqflow.core.config.BudgetConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.OpsSink;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.CostKind;
import io.nqflow.schemas.AuditDetails;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's data budget: every charge becomes a {@link CostEvent} on {@code ops.costs}, spend is
 * summed per UTC day and calendar month (UTC), and when the daily ({@code budget.daily_usd}) or
 * monthly ({@code budget.monthly_usd}) limit is reached the paid sources are blocked until the next
 * day or month, with an {@link AuditEvent} on {@code ops.audit} and an ERROR log line; when the
 * period rolls over they are allowed again (another audit event). State survives a restart: {@link
 * #restore} rebuilds the spend from what {@code ops.costs} holds (every cost event, whichever
 * process wrote it, counts once by its id). Time comes from an injectable {@link Clock}.
 * Thread-safe.
 */
public final class Budget {
  private static final Logger LOG = LoggerFactory.getLogger(Budget.class);

  /** Below this a spend and its limit are equal (sums of doubles). */
  private static final double EPSILON = 1e-9;

  private final BudgetConfig cfg;
  private final Clock clock;
  private final OpsSink ops;
  private final String feed;
  private final List<String> paidSources;
  private final Map<LocalDate, Double> byDay = new HashMap<>();
  private final Map<YearMonth, Double> byMonth = new HashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private final Set<String> seenIds = new HashSet<>();

  /** The period ("daily 2026-01-05", "monthly 2026-01") the sources are blocked for, or null. */
  private String blockedPeriod;

  /**
   * @param feed the feed's name, in audit events
   * @param paidSources the sources the budget stops, named in the audit events
   */
  public Budget(BudgetConfig cfg, Clock clock, OpsSink ops, String feed, List<String> paidSources) {
    this.cfg = cfg;
    this.clock = clock;
    this.ops = ops;
    this.feed = feed;
    this.paidSources = List.copyOf(paidSources);
  }

  /**
   * Adds the spend of earlier cost events (read back from {@code ops.costs} on start); an id seen
   * twice counts once. Does not publish anything.
   */
  public synchronized void restore(Iterable<CostEvent> history) {
    for (CostEvent c : history) {
      if (!seenIds.add(c.getCostId())) {
        continue;
      }
      LocalDate day;
      try {
        day = LocalDate.parse(c.getDay());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "ops.costs event " + c.getCostId() + " has day '" + c.getDay() + "', not yyyy-MM-dd",
            e);
      }
      add(day, c.getAmountUsd());
      sequences.merge(c.getSource() + "|" + day, 1L, Long::sum);
    }
  }

  /**
   * Records a spend: publishes the cost event (durably) and adds it; when it reaches a limit, the
   * budget blocks (audit event and log line at once).
   *
   * @return the published event
   */
  public synchronized CostEvent charge(
      String source,
      CostKind kind,
      double amountUsd,
      String dataset,
      String schema,
      String description) {
    if (!Double.isFinite(amountUsd) || amountUsd < 0) {
      throw new IllegalArgumentException(
          "spend of " + source + " must be finite and >= 0 USD, got " + amountUsd);
    }
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    long seq = sequences.merge(source + "|" + day, 1L, Long::sum);
    CostEvent c =
        CostEvent.newBuilder()
            .setCostId(Ids.of("cost", source, day, seq))
            .setSource(source)
            .setKind(kind)
            .setAmountUsd(amountUsd)
            .setDataset(dataset)
            .setSchemaName(schema)
            .setTs(nanos(now))
            .setDay(day.toString())
            .setDescription(description)
            .build();
    ops.cost(c);
    seenIds.add(c.getCostId());
    add(day, amountUsd);
    FeedMetrics.SPEND_USD.labels(source, kind.name().toLowerCase(Locale.ROOT)).inc(amountUsd);
    blockedUntil();
    return c;
  }

  /**
   * Whether a spend of {@code amountUsd} now would stay within both limits (a historical request is
   * priced before it is made and refused when it would not).
   */
  public synchronized boolean fits(double amountUsd) {
    LocalDate day = today();
    return spent(day) + amountUsd <= cfg.dailyUsd() + EPSILON
        && spentMonth(YearMonth.from(day)) + amountUsd <= cfg.monthlyUsd() + EPSILON;
  }

  /**
   * Refuses a request that would not fit: an audit event and a log line.
   *
   * @return when enough budget is back (the next day or month), or null when the request exceeds a
   *     whole day's or month's budget and can never run
   */
  public synchronized Instant refuse(String source, double amountUsd, String what) {
    LocalDate day = today();
    double spentDay = spent(day);
    double spentMonth = spentMonth(YearMonth.from(day));
    Instant until;
    if (amountUsd > cfg.dailyUsd() + EPSILON || amountUsd > cfg.monthlyUsd() + EPSILON) {
      until = null;
    } else if (spentMonth + amountUsd > cfg.monthlyUsd() + EPSILON) {
      until = startOf(YearMonth.from(day).plusMonths(1));
    } else {
      until = startOf(day.plusDays(1));
    }
    String rationale =
        String.format(
            Locale.ROOT,
            "%s refused by the data budget: it costs $%.2f; spent today $%.2f of $%.2f, this month"
                + " $%.2f of $%.2f; %s",
            what,
            amountUsd,
            spentDay,
            cfg.dailyUsd(),
            spentMonth,
            cfg.monthlyUsd(),
            until == null ? "it exceeds a whole period's budget" : "retried at " + until);
    LOG.error("data budget: {} ({})", rationale, source);
    Map<String, String> d = figures(day);
    d.put(AuditDetails.SOURCE, source);
    d.put(AuditDetails.REQUEST_USD, money(amountUsd));
    d.put(AuditDetails.REQUEST, what);
    d.put(AuditDetails.RETRY_AT, String.valueOf(until));
    ops.audit(audit("request:" + source, "REQUEST_REFUSED", rationale, d, what + "|" + day));
    return until;
  }

  /**
   * When the paid sources may run again, or empty when they may run now. Publishes the audit event
   * of a block that starts (also one found on restart) or ends.
   */
  public synchronized Optional<Instant> blockedUntil() {
    LocalDate day = today();
    YearMonth month = YearMonth.from(day);
    String period = null;
    Instant until = null;
    double spent = 0;
    double limit = 0;
    if (spentMonth(month) >= cfg.monthlyUsd() - EPSILON) {
      period = "monthly " + month;
      until = startOf(month.plusMonths(1));
      spent = spentMonth(month);
      limit = cfg.monthlyUsd();
    } else if (spent(day) >= cfg.dailyUsd() - EPSILON) {
      period = "daily " + day;
      until = startOf(day.plusDays(1));
      spent = spent(day);
      limit = cfg.dailyUsd();
    }
    if (period == null) {
      if (blockedPeriod != null) {
        resumed(day);
      }
      FeedMetrics.BUDGET_BLOCKED.set(0);
      return Optional.empty();
    }
    if (!period.equals(blockedPeriod)) {
      reached(period, spent, limit, until, day);
    }
    FeedMetrics.BUDGET_BLOCKED.set(1);
    return Optional.of(until);
  }

  /** Spend of the current UTC day, USD. */
  public synchronized double spentToday() {
    return spent(today());
  }

  /** Spend of the current calendar month (UTC), USD. */
  public synchronized double spentThisMonth() {
    return spentMonth(YearMonth.from(today()));
  }

  private void reached(String period, double spent, double limit, Instant until, LocalDate day) {
    String what = period.substring(0, period.indexOf(' '));
    String rationale =
        String.format(
            Locale.ROOT,
            "%s data budget reached: spent $%.2f of $%.2f (%s); stopping paid sources %s until %s",
            what,
            spent,
            limit,
            period.substring(period.indexOf(' ') + 1),
            paidSources,
            until);
    LOG.error("data budget: {}", rationale);
    Map<String, String> d = figures(day);
    d.put(AuditDetails.PERIOD, period);
    d.put(AuditDetails.SOURCES_STOPPED, String.join(",", paidSources));
    d.put(AuditDetails.RESUMES_AT, until.toString());
    ops.audit(audit("budget:" + period, "BUDGET_REACHED", rationale, d, period));
    blockedPeriod = period;
  }

  private void resumed(LocalDate day) {
    String rationale =
        String.format(
            Locale.ROOT,
            "data budget period %s is over: paid sources %s may run again (spent today $%.2f of"
                + " $%.2f, this month $%.2f of $%.2f)",
            blockedPeriod,
            paidSources,
            spent(day),
            cfg.dailyUsd(),
            spentMonth(YearMonth.from(day)),
            cfg.monthlyUsd());
    LOG.warn("data budget: {}", rationale);
    Map<String, String> d = figures(day);
    d.put(AuditDetails.PERIOD, blockedPeriod);
    d.put(AuditDetails.SOURCES_RESUMED, String.join(",", paidSources));
    ops.audit(
        audit(
            "budget:" + blockedPeriod, "BUDGET_RESUMED", rationale, d, blockedPeriod + "|" + day));
    blockedPeriod = null;
  }

  private AuditEvent audit(
      String entityId, String action, String rationale, Map<String, String> details, Object cause) {
    return AuditEvent.newBuilder()
        .setAuditId(Ids.of("audit", "feed", feed, action, cause))
        .setStage("feed")
        .setEntityType("budget")
        .setEntityId(entityId)
        .setAction(action)
        .setTs(nanos(clock.instant()))
        .setRationale(rationale)
        .setDetails(details)
        .build();
  }

  private Map<String, String> figures(LocalDate day) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.FEED, feed);
    d.put(AuditDetails.SPENT_TODAY_USD, money(spent(day)));
    d.put(AuditDetails.DAILY_LIMIT_USD, money(cfg.dailyUsd()));
    d.put(AuditDetails.SPENT_MONTH_USD, money(spentMonth(YearMonth.from(day))));
    d.put(AuditDetails.MONTHLY_LIMIT_USD, money(cfg.monthlyUsd()));
    return d;
  }

  private void add(LocalDate day, double usd) {
    byDay.merge(day, usd, Double::sum);
    byMonth.merge(YearMonth.from(day), usd, Double::sum);
  }

  private double spent(LocalDate day) {
    return byDay.getOrDefault(day, 0.0);
  }

  private double spentMonth(YearMonth m) {
    return byMonth.getOrDefault(m, 0.0);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Instant startOf(YearMonth m) {
    return startOf(m.atDay(1));
  }

  private static String money(double usd) {
    return String.format(Locale.ROOT, "%.2f", usd);
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
