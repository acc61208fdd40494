/**
 * On a template: its version (semver). On an entity created from a template: the template's
 * version at creation time. @public
 */
export const TEMPLATE_VERSION_ANNOTATION = 'runway.dev/template-version';

/**
 * On an entity created from a template: that template, as an entity ref
 * (`template:default/typescript-service`). @public
 */
export const TEMPLATE_ANNOTATION = 'runway.dev/template';
