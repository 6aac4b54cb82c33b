/**
 * The form parameters of an LTI 1.1 basic launch from this platform, before OAuth signing. The
 * identifiers are those a 1.3 launch of the same activity carries (`user_id` is the `sub`,
 * `resource_link_id` the `resource_link.id`, `context_id` the `context.id`), so a tool that
 * moves to 1.3 finds its users, courses and links again.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide (§3, basic launch)
 */
import { substituteVariables } from '../../core/launch/substitute-variables.js'
import type { SubstitutionValues } from '../../core/launch/substitute-variables.js'
import type { Context, ContextRole, Enrollment, Lti11Tool, ResourceLink, User } from '../ports.js'
import { platformUrls } from '../service-urls.js'
import { PLATFORM_VERSION, toolPlatform } from '../tool-platform.js'

export interface BasicLaunchInput {
  readonly tool: Lti11Tool
  readonly context: Context
  readonly link: ResourceLink
  readonly user: User
  readonly enrollment: Enrollment
  /** Basic Outcomes: set for a learner's launch of a graded activity only. */
  readonly outcome?: { readonly serviceUrl: string; readonly resultSourcedId: string }
}

/** The platform's pages are in English. */
const LOCALE = 'en-US'

/**
 * LTI 1.1 §A.2: context roles by their short names, which 1.1 allows for context roles. A
 * teaching assistant is sent with Instructor as well, as the 1.3 launch sends its principal
 * role, so tools that only know principal roles still see an instructor.
 */
const LTI11_ROLES: Readonly<Record<ContextRole, readonly string[]>> = {
  Learner: ['Learner'],
  Instructor: ['Instructor'],
  TeachingAssistant: ['TeachingAssistant', 'Instructor'],
  ContentDeveloper: ['ContentDeveloper'],
  Mentor: ['Mentor'],
  Administrator: ['Administrator'],
}

/**
 * The launch's parameters in a stable order, every value a string; empty values are left out.
 * Personal data follows the tool's privacy settings, in the parameters and in custom parameter
 * substitution alike.
 */
export async function basicLaunchParameters(
  input: BasicLaunchInput,
  publicUrl: string,
): Promise<Array<[string, string]>> {
  const { tool, context, link, user, enrollment } = input
  const urls = platformUrls(publicUrl)
  const consumer = await toolPlatform(urls.issuer)
  const { sendName, sendEmail } = tool.privacy
  const params: Array<[string, string]> = []
  const add = (name: string, value: string | undefined) => {
    const trimmed = value?.trim()
    if (trimmed) params.push([name, trimmed])
  }

  add('lti_message_type', 'basic-lti-launch-request')
  add('lti_version', 'LTI-1p0')
  add('resource_link_id', link.resourceLinkId)
  add('resource_link_title', link.title)
  add('resource_link_description', link.text)
  add('user_id', user.id)
  add('roles', [...new Set(enrollment.roles.flatMap((role) => LTI11_ROLES[role]))].join(','))
  if (sendName) {
    add('lis_person_name_full', user.name)
    add('lis_person_name_given', user.givenName)
    add('lis_person_name_family', user.familyName)
  }
  if (sendEmail) add('lis_person_contact_email_primary', user.email)
  add('context_id', context.id)
  add('context_title', context.title)
  add('context_label', context.label)
  add('context_type', 'CourseOffering')
  add('launch_presentation_locale', LOCALE)
  add('launch_presentation_document_target', link.presentation)
  // LTI 1.1 §3: the tool may send the user back with lti_msg or lti_errormsg, as in 1.3.
  add('launch_presentation_return_url', urls.launchReturn(context.id))
  add('tool_consumer_instance_guid', consumer.guid)
  add('tool_consumer_instance_name', consumer.name)
  add('tool_consumer_info_product_family_code', consumer.product_family_code)
  add('tool_consumer_info_version', PLATFORM_VERSION)
  if (input.outcome) {
    add('lis_outcome_service_url', input.outcome.serviceUrl)
    add('lis_result_sourcedid', input.outcome.resultSourcedId)
  }
  // Core 1.3 §5.4.6 drops empty custom values; the 1.1 launch does the same.
  for (const [name, value] of Object.entries(customParameters(input))) add(name, value)
  return params
}

/**
 * `custom_<name>` parameters: the link's own win over the tool's, values substituted as in a 1.3
 * launch. LTI 1.1 §3: names are lower-cased and every character that is not a letter or digit
 * becomes `_`.
 */
function customParameters({ tool, context, link, user }: BasicLaunchInput): Record<string, string> {
  const { sendName, sendEmail } = tool.privacy
  const values: SubstitutionValues = {
    userId: user.id,
    ...(sendEmail ? { username: user.email, email: user.email } : {}),
    ...(sendName
      ? { givenName: user.givenName, familyName: user.familyName, fullName: user.name }
      : {}),
    contextId: context.id,
    contextTitle: context.title,
    contextLabel: context.label,
    resourceLinkId: link.resourceLinkId,
    resourceLinkTitle: link.title,
    resourceLinkDescription: link.text,
    courseOfferingSourcedId: context.id,
    courseSectionSourcedId: context.id,
  }
  const substituted = substituteVariables(
    { ...tool.customParameters, ...link.customParameters },
    values,
  )
  const custom: Record<string, string> = {}
  for (const [name, value] of Object.entries(substituted)) {
    custom[
      `custom_${name
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '_')}`
    ] = value
  }
  return custom
}
