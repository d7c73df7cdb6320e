package io.nqflow.schemas;

import java.util.List;

/**
 * The keys of {@code AuditEvent.details} (ops.audit), declared once so writers and readers (the
 * trade report) cannot drift apart. Values are strings: numbers in their Java text form, prices in
 * 1e-9 units unless the key says otherwise, money as USD with two decimals.
 */
public final class AuditDetails {
  // Orders and fills (execution; read back by the trade report).

  /** The client order id of the order a fill belongs to or a decision created. */
  public static final String CLIENT_ORDER_ID = "client_order_id";

  /** The entry's client order id on a bracket leg or exit order. */
  public static final String PARENT_CLIENT_ORDER_ID = "parent_client_order_id";

  /** The broker's id of an order, once the broker has one. */
  public static final String BROKER_ORDER_ID = "broker_order_id";

  /** The broker that handled an order or fill ("paper", "tradovate"). */
  public static final String BROKER = "broker";

  /** The signal behind an order or decision. */
  public static final String SIGNAL_ID = "signal_id";

  /** The strategy variant (risk-gate and execution instance) that acted. */
  public static final String VARIANT = "variant";

  /** The trading account. */
  public static final String ACCOUNT = "account";

  /** The order's role: ENTRY, STOP_LOSS, PROFIT_TARGET or EXIT. */
  public static final String ROLE = "role";

  /** The instrument id, as text. */
  public static final String INSTRUMENT_ID = "instrument_id";

  /** The instrument's symbol. */
  public static final String SYMBOL = "symbol";

  /** BUY or SELL. */
  public static final String SIDE = "side";

  /** Contracts, as text. */
  public static final String QUANTITY = "quantity";

  /** Limit or fill price, 1e-9 units as text. */
  public static final String PRICE = "price";

  /** Event time of the signal behind an order, ns since the UNIX epoch, as text. */
  public static final String TS_SIGNAL = "ts_signal";

  /** A fill's fee, USD. */
  public static final String FEE_USD = "fee_usd";

  /** Signed contracts held after a fill, as text. */
  public static final String POSITION_AFTER = "position_after";

  /** The Kafka position (topic-partition@offset) of a refused duplicate intent. */
  public static final String POSITION = "position";

  // Risk decisions (risk-gate).

  /** An approved order's limit price, index points (not 1e-9 units). */
  public static final String LIMIT_PRICE = "limit_price";

  /** An approved order's stop-loss price, index points. */
  public static final String STOP_LOSS_PRICE = "stop_loss_price";

  /** An approved order's profit-target price, index points. */
  public static final String PROFIT_TARGET_PRICE = "profit_target_price";

  /** The loss to the stop of an approved order, USD. */
  public static final String RISK_USD = "risk_usd";

  /** Whether an approved order only reduces a held position (an exit). */
  public static final String REDUCE_ONLY = "reduce_only";

  /** The rules a rejected signal violated, comma-separated wire names. */
  public static final String RULES = "rules";

  /** The account's trading state: ACTIVE, REDUCING or HALTED. */
  public static final String TRADING_STATE = "trading_state";

  /** The CME trading day, yyyy-MM-dd. */
  public static final String TRADING_DAY = "trading_day";

  /** Realized plus unrealized P&amp;L of the trading day, USD. */
  public static final String DAILY_PNL_USD = "daily_pnl_usd";

  /** Realized P&amp;L of the trading day, USD. */
  public static final String REALIZED_USD = "realized_usd";

  /** Contracts held or pending, as text. */
  public static final String CONTRACTS_OPEN_OR_PENDING = "contracts_open_or_pending";

  /** The loss if every position and pending order stopped out, USD. */
  public static final String RISK_TO_STOPS_USD = "risk_to_stops_usd";

  /** Approved orders not yet done, as text. */
  public static final String PENDING_ORDERS = "pending_orders";

  /** Data spend of the budget period, USD. */
  public static final String SPENT_USD = "spent_usd";

  /** The data budget of the period, USD. */
  public static final String BUDGET_USD = "budget_usd";

  /** What a risk decision decided: FLOW_SIGNAL or OPPORTUNITY (the DecisionSource symbol). */
  public static final String DECISION_SOURCE = "decision_source";

  /** The opportunity that confirmed a flow signal (risk.opportunities.mode confirm). */
  public static final String CONFIRMING_OPPORTUNITY_ID = "confirming_opportunity_id";

  /** An opportunity's probability of reaching its target, 0..1. */
  public static final String PROBABILITY = "probability";

  /** An opportunity's expected value, index points of the option premium. */
  public static final String EXPECTED_VALUE_POINTS = "expected_value_points";

  // Control commands (operator CLI, risk-gate, execution).

  /** Who issued a control command. */
  public static final String OPERATOR = "operator";

  /** What a control command applies to (an account, a variant, or all). */
  public static final String SCOPE = "scope";

  /** The control command: HALT, REDUCE, RESUME... */
  public static final String COMMAND = "command";

  /** The control command's id. */
  public static final String COMMAND_ID = "command_id";

  /** A state after a control command. */
  public static final String STATE = "state";

  /** The trading state before a change. */
  public static final String PREVIOUS_STATE = "previous_state";

  /** Wall-clock time of the last applied control command, ns, for a stale command's audit. */
  public static final String LAST_APPLIED_TS = "last_applied_ts";

  /** Id of the key a signed record (control command, order intent) claims; empty when unsigned. */
  public static final String KEY_ID = "key_id";

  /**
   * Why a control command was refused: UNSIGNED, UNKNOWN_KEY, TAMPERED or
   * UNSIGNED_AFTER_AUTOMATIC_HALT.
   */
  public static final String REFUSAL = "refusal";

  // Data budget (feed).

  /** The paid data source a spend request came from. */
  public static final String SOURCE = "source";

  /** The feed whose spend is reported. */
  public static final String FEED = "feed";

  /** The cost of a refused request, USD. */
  public static final String REQUEST_USD = "request_usd";

  /** What a refused request asked for. */
  public static final String REQUEST = "request";

  /** When a refused request may be retried. */
  public static final String RETRY_AT = "retry_at";

  /** The budget period that ran out: daily or monthly. */
  public static final String PERIOD = "period";

  /** Paid sources stopped by an exhausted budget, comma-separated. */
  public static final String SOURCES_STOPPED = "sources_stopped";

  /** Paid sources resumed in a new budget period, comma-separated. */
  public static final String SOURCES_RESUMED = "sources_resumed";

  /** When stopped sources resume. */
  public static final String RESUMES_AT = "resumes_at";

  /** Spend of the UTC day, USD. */
  public static final String SPENT_TODAY_USD = "spent_today_usd";

  /** The daily data budget, USD. */
  public static final String DAILY_LIMIT_USD = "daily_limit_usd";

  /** Spend of the month, USD. */
  public static final String SPENT_MONTH_USD = "spent_month_usd";

  /** The monthly data budget, USD. */
  public static final String MONTHLY_LIMIT_USD = "monthly_limit_usd";

  // Configuration audit (CONFIG_APPLIED, every job submission and service start).

  /** The component that started: a job name or a service ("execution", "feed"). */
  public static final String COMPONENT = "component";

  /** Which instance of the component: the variant of a job, the account of the execution. */
  public static final String INSTANCE = "instance";

  /** SHA-256 (hex) of the masked canonical configuration of a start. */
  public static final String CONFIG_DIGEST = "config_digest";

  /** The masked canonical configuration of a start, one {@code key=value} line per setting. */
  public static final String CONFIG = "config";

  /** Changes since the previous start, one line per key, or "initial". */
  public static final String CONFIG_DIFF = "config_diff";

  /** Hex salt of the secrets' fingerprints, carried from start to start of an instance. */
  public static final String CONFIG_SALT = "config_salt";

  /** The previous start's config digest, empty at the first start. */
  public static final String PREVIOUS_CONFIG_DIGEST = "previous_config_digest";

  /** When the previous start was recorded, ns since the UNIX epoch, empty at the first start. */
  public static final String PREVIOUS_CONFIG_TS = "previous_config_ts";

  /** The Flink job id of a submitted job, when known. */
  public static final String JOB_ID = "job_id";

  /** The gate's validation: measured accuracy of a bucket, 0..1 (docs/risk.md). */
  public static final String ACCURACY = "accuracy";

  /** The gate's validation: decided outcomes of the bucket counted. */
  public static final String SAMPLES = "samples";

  /** The gate's validation: of those, outcomes with pnl_usd &gt; 0. */
  public static final String WINS = "wins";

  /** The gate's validation: risk.validation.min_accuracy. */
  public static final String MIN_ACCURACY = "min_accuracy";

  /** The gate's validation: risk.validation.min_samples. */
  public static final String MIN_SAMPLES = "min_samples";

  /** Every key above, for tests that check writers use only declared keys. */
  public static final List<String> ALL =
      List.of(
          CLIENT_ORDER_ID,
          PARENT_CLIENT_ORDER_ID,
          BROKER_ORDER_ID,
          BROKER,
          SIGNAL_ID,
          ACCURACY,
          SAMPLES,
          WINS,
          MIN_ACCURACY,
          MIN_SAMPLES,
          VARIANT,
          ACCOUNT,
          ROLE,
          INSTRUMENT_ID,
          SYMBOL,
          SIDE,
          QUANTITY,
          PRICE,
          TS_SIGNAL,
          FEE_USD,
          POSITION_AFTER,
          POSITION,
          LIMIT_PRICE,
          STOP_LOSS_PRICE,
          PROFIT_TARGET_PRICE,
          RISK_USD,
          REDUCE_ONLY,
          RULES,
          DECISION_SOURCE,
          CONFIRMING_OPPORTUNITY_ID,
          PROBABILITY,
          EXPECTED_VALUE_POINTS,
          TRADING_STATE,
          TRADING_DAY,
          DAILY_PNL_USD,
          REALIZED_USD,
          CONTRACTS_OPEN_OR_PENDING,
          RISK_TO_STOPS_USD,
          PENDING_ORDERS,
          SPENT_USD,
          BUDGET_USD,
          OPERATOR,
          SCOPE,
          COMMAND,
          COMMAND_ID,
          STATE,
          PREVIOUS_STATE,
          LAST_APPLIED_TS,
          KEY_ID,
          REFUSAL,
          SOURCE,
          FEED,
          REQUEST_USD,
          REQUEST,
          RETRY_AT,
          PERIOD,
          SOURCES_STOPPED,
          SOURCES_RESUMED,
          RESUMES_AT,
          SPENT_TODAY_USD,
          DAILY_LIMIT_USD,
          SPENT_MONTH_USD,
          MONTHLY_LIMIT_USD,
          COMPONENT,
          INSTANCE,
          CONFIG_DIGEST,
          CONFIG,
          CONFIG_DIFF,
          CONFIG_SALT,
          PREVIOUS_CONFIG_DIGEST,
          PREVIOUS_CONFIG_TS,
          JOB_ID);

  private AuditDetails() {}
}
