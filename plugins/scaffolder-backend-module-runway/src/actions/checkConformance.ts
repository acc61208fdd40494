import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkConformance, readDirectoryFiles } from '../conformance';
import { examples } from './checkConformance.examples';

/**
 * `runway:conformance:check`: fails the task, with a report naming every missing piece,
 * when the generated repository lacks part of the golden path. Reads the workspace only,
 * so it runs the same in dry-run.
 */
export function createCheckConformanceAction() {
  return createTemplateAction({
    id: 'runway:conformance:check',
    description:
      "Checks that the workspace holds every piece of Runway's golden path (catalog entity, TechDocs, Dockerfile, CI with blocking security scans, Kubernetes manifests, SLO alerts, dashboard) and fails with a report otherwise.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description: 'Directory of the repository inside the workspace',
            })
            .default('.'),
        ci: z =>
          z
            .enum(['github-actions', 'gitlab-ci'], {
              description: 'Which CI system the repository must be wired for',
            })
            .default('github-actions'),
        failOnViolation: z =>
          z
            .boolean({
              description: 'Fail the task when a check fails (default true)',
            })
            .default(true),
      },
      output: {
        passed: z => z.boolean({ description: 'Whether every check passed' }),
        report: z => z.string({ description: 'The report, as Markdown' }),
      },
    },
    async handler(ctx) {
      const {
        path = '.',
        ci = 'github-actions',
        failOnViolation = true,
      } = ctx.input;
      const files = await readDirectoryFiles(
        resolveSafeChildPath(ctx.workspacePath, path),
      );
      const report = await checkConformance(files, { ci });
      ctx.output('passed', report.passed);
      ctx.output('report', report.markdown);
      if (report.passed) {
        ctx.logger.info(report.markdown);
        return;
      }
      if (!failOnViolation) {
        ctx.logger.warn(report.markdown);
        return;
      }
      throw new InputError(report.markdown);
    },
  });
}
