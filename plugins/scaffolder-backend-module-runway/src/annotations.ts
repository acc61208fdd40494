/** The template a component was created from, as an entity ref (`template:default/typescript-service`). */
export const TEMPLATE_ANNOTATION = 'runway.dev/template';
/** The version of that template (its own `runway.dev/template-version` annotation) at creation time. */
export const TEMPLATE_VERSION_ANNOTATION = 'runway.dev/template-version';
