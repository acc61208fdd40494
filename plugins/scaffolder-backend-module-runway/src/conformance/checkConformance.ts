import {
  checkCatalogEntity,
  checkDocs,
  checkRepositoryPolicies,
} from './checkCatalog';
import { checkCi } from './checkCi';
import { checkDockerfile } from './checkContainer';
import { checkKubernetesManifests } from './checkDeploy';
import { checkAlertRules, checkDashboard } from './checkMonitoring';
import {
  CheckResult,
  CiSystem,
  ConformanceReport,
  RepositoryFiles,
} from './types';

/** Runs every golden-path check over a repository's files; pure apart from reading them. */
export async function checkConformance(
  files: RepositoryFiles,
  options: { ci: CiSystem },
): Promise<ConformanceReport> {
  const results: CheckResult[] = [
    await checkCatalogEntity(files),
    checkDocs(files),
    checkRepositoryPolicies(files),
    checkDockerfile(files),
    checkCi(files, options.ci),
    checkKubernetesManifests(files),
    checkAlertRules(files),
    checkDashboard(files),
  ];
  const passed = results.every(result => result.problems.length === 0);
  return { passed, results, markdown: renderReport(results, passed) };
}

export function renderReport(results: CheckResult[], passed: boolean): string {
  const failing = results.filter(result => result.problems.length > 0);
  const lines = [
    passed
      ? `Golden-path conformance: all ${results.length} checks pass.`
      : `Golden-path conformance: ${failing.length} of ${results.length} checks fail.`,
    '',
    '| check | result | what it requires |',
    '| --- | --- | --- |',
    ...results.map(
      result =>
        `| ${result.id} | ${
          result.problems.length === 0
            ? 'pass'
            : `FAIL (${result.problems.length})`
        } | ${result.title} |`,
    ),
  ];
  for (const result of failing) {
    lines.push(
      '',
      `**${result.id}**`,
      ...result.problems.map(problem => `- ${problem}`),
    );
  }
  return lines.join('\n');
}
