import { asArray, isObject, parseYamlDocuments } from './parse';
import { CheckResult, RepositoryFiles } from './types';

const SLOS = ['availability', 'latency'];

/**
 * The rule groups of a Prometheus rules file, or of a Prometheus Operator PrometheusRule
 * (the same groups under `spec`), which is how the golden path ships them through Kustomize.
 */
function ruleGroups(document: Record<string, unknown>) {
  const rules =
    document.kind === 'PrometheusRule' && isObject(document.spec)
      ? document.spec
      : document;
  return asArray(rules.groups).filter(isObject);
}

/**
 * Prometheus rules (plain rule files or PrometheusRule objects) under monitoring/ or deploy/
 * with, for each SLO, multi-window burn-rate alerts (at least two alerts, each combining two
 * windows with `and`), every alert linking a runbook.
 */
export function checkAlertRules(files: RepositoryFiles): CheckResult {
  const result: CheckResult = {
    id: 'alerts',
    title:
      'Prometheus alerts: multi-window burn-rate SLO alerts (availability, latency) with runbook links',
    problems: [],
  };
  const alerts: Record<string, unknown>[] = [];
  for (const path of files
    .paths()
    .filter(p => /^(monitoring|deploy)\/.*\.ya?ml$/.test(p))) {
    const parsed = parseYamlDocuments(files.read(path) ?? '');
    if ('error' in parsed) {
      result.problems.push(`${path} does not parse: ${parsed.error}`);
      continue;
    }
    for (const document of parsed.documents.filter(isObject)) {
      for (const group of ruleGroups(document)) {
        for (const rule of asArray(group.rules).filter(isObject)) {
          if (typeof rule.alert === 'string') {
            alerts.push(rule);
          }
        }
      }
    }
  }
  if (alerts.length === 0) {
    result.problems.push('no Prometheus alert rules under monitoring/');
    return result;
  }
  for (const alert of alerts) {
    const annotations = isObject(alert.annotations) ? alert.annotations : {};
    if (!annotations.runbook_url) {
      result.problems.push(
        `alert ${alert.alert} has no runbook_url annotation`,
      );
    }
  }
  for (const slo of SLOS) {
    const burnRateAlerts = alerts.filter(
      alert =>
        isObject(alert.labels) &&
        alert.labels.slo === slo &&
        /\band\b/.test(String(alert.expr)),
    );
    if (burnRateAlerts.length < 2) {
      result.problems.push(
        `the ${slo} SLO has ${burnRateAlerts.length} multi-window burn-rate alert(s) (label slo=${slo}, expression with two windows joined by "and"); at least 2 expected`,
      );
    }
  }
  return result;
}

/** monitoring/*.json: a Grafana dashboard with titled panels that query something. */
export function checkDashboard(files: RepositoryFiles): CheckResult {
  const result: CheckResult = {
    id: 'dashboard',
    title: 'Grafana dashboard JSON with RED panels',
    problems: [],
  };
  const paths = files.paths().filter(p => /^monitoring\/.*\.json$/.test(p));
  if (paths.length === 0) {
    result.problems.push('no Grafana dashboard (monitoring/*.json)');
  }
  for (const path of paths) {
    let dashboard: unknown;
    try {
      dashboard = JSON.parse(files.read(path) ?? '');
    } catch (error) {
      result.problems.push(`${path} is not JSON: ${(error as Error).message}`);
      continue;
    }
    if (!isObject(dashboard) || typeof dashboard.title !== 'string') {
      result.problems.push(`${path}: no dashboard title`);
      continue;
    }
    const panels = asArray(dashboard.panels).filter(isObject);
    if (panels.length === 0) {
      result.problems.push(`${path}: no panels`);
    }
    for (const panel of panels) {
      const queries = asArray(panel.targets).filter(
        target =>
          isObject(target) && typeof target.expr === 'string' && target.expr,
      );
      if (!panel.title || queries.length === 0) {
        result.problems.push(
          `${path}: panel ${panel.id ?? '?'} has no title or no query`,
        );
      }
    }
  }
  return result;
}
