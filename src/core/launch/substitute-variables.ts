/**
 * Custom parameter variable substitution, the platform half: a custom parameter whose value is
 * exactly `$Name` of a known variable gets the value the platform holds for it.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#customproperty
 */

/**
 * What the platform may reveal to this tool at this launch, each value optional.
 *
 * Privacy is the caller's job: pass only what the tool may see. When the platform withholds the
 * launcher's name or email from the tool, leave `givenName`, `familyName`, `fullName`,
 * `middleName` and `email` out; the variable then goes out unsubstituted, as the spec requires,
 * and nothing leaks through a custom parameter that the id_token itself withholds.
 */
export interface SubstitutionValues {
  /** `$User.id`: the `sub` claim. */
  userId?: string
  /** `$User.username`: the login name, which may differ from `sub`. */
  username?: string
  /** `$User.image`: the `picture` claim. */
  userImage?: string
  /** `$Person.sourcedId`: `lis.person_sourcedid`. */
  personSourcedId?: string
  /** `$Person.name.given`: `given_name`. */
  givenName?: string
  /** `$Person.name.family`: `family_name`. */
  familyName?: string
  /** `$Person.name.middle`: `middle_name`. */
  middleName?: string
  /** `$Person.name.full`: `name`. */
  fullName?: string
  /** `$Person.email.primary`: `email`. */
  email?: string
  /** `$Context.id`: `context.id`. */
  contextId?: string
  /** `$Context.title`: `context.title`. */
  contextTitle?: string
  /** `$Context.label`: `context.label`. */
  contextLabel?: string
  /** `$ResourceLink.id`: `resource_link.id`. */
  resourceLinkId?: string
  /** `$ResourceLink.title`: `resource_link.title`. */
  resourceLinkTitle?: string
  /** `$ResourceLink.description`: `resource_link.description`. */
  resourceLinkDescription?: string
  /** `$CourseOffering.sourcedId`: `lis.course_offering_sourcedid`. */
  courseOfferingSourcedId?: string
  /** `$CourseSection.sourcedId`: `lis.course_section_sourcedid`. */
  courseSectionSourcedId?: string
}

/**
 * Core 1.3 Appendix B: variable name (without `$`) to the value that replaces it. A Map, not an
 * object literal, so `$constructor` or `$__proto__` can never resolve through the prototype.
 */
const VARIABLES: ReadonlyMap<string, keyof SubstitutionValues> = new Map([
  // Appendix B, "LTI User and Person variables"
  ['User.id', 'userId'],
  ['User.username', 'username'],
  ['User.image', 'userImage'],
  ['Person.sourcedId', 'personSourcedId'],
  ['Person.name.given', 'givenName'],
  ['Person.name.family', 'familyName'],
  ['Person.name.middle', 'middleName'],
  ['Person.name.full', 'fullName'],
  ['Person.email.primary', 'email'],
  // Appendix B, "LTI Context variables"
  ['Context.id', 'contextId'],
  ['Context.title', 'contextTitle'],
  ['Context.label', 'contextLabel'],
  // Appendix B, "LTI ResourceLink variables"
  ['ResourceLink.id', 'resourceLinkId'],
  ['ResourceLink.title', 'resourceLinkTitle'],
  ['ResourceLink.description', 'resourceLinkDescription'],
  // Appendix B, "LIS variables"
  ['CourseOffering.sourcedId', 'courseOfferingSourcedId'],
  ['CourseSection.sourcedId', 'courseSectionSourcedId'],
])

/** The variable names this module substitutes, with their `$`, for admin UIs and docs. */
export const SUBSTITUTION_VARIABLES: readonly string[] = [...VARIABLES.keys()].map((n) => `$${n}`)

/**
 * Replaces each custom parameter whose whole value is a known `$Variable` with its value.
 *
 * A value that merely contains a variable (`id=$User.id`) is sent as it is: substitution is
 * all-or-nothing per parameter. An unknown variable, or one whose value is missing, empty or
 * withheld (see {@link SubstitutionValues}), is sent unsubstituted, as the literal `$Name`.
 *
 * @param custom - The custom parameters configured for the link or the tool.
 * @param values - What the tool may see; see the privacy note on {@link SubstitutionValues}.
 * @returns A new object; the input is not changed.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#lti-user-and-person-variables
 */
export function substituteVariables(
  custom: Readonly<Record<string, string>>,
  values: SubstitutionValues,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(custom).map(([key, value]) => [key, substituteOne(value, values)]),
  )
}

function substituteOne(value: string, values: SubstitutionValues): string {
  if (!value.startsWith('$')) return value
  const field = VARIABLES.get(value.slice(1))
  if (field === undefined) return value
  const replacement = values[field]
  // Core 1.3 Appendix B: with no value to give, the platform MUST send the variable name.
  if (typeof replacement !== 'string' || replacement.trim() === '') return value
  return replacement.trim()
}
