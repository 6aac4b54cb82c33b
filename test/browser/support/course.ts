/**
 * A course on the LMS for the journeys, made through the admin API as an LMS admin would set it
 * up: a letter grading scale, an instructor and a learner enrolled.
 */
import { DEMO_COURSE } from '../../../src/bin/demo-platform-seed.js'
import type { TestPlatform, TestUser } from '../../support/platform-harness.js'
import { createLmsUser } from './servers.js'

/** The demo course's scale: 80 is a B, 60 a D, so a score that slipped shows as another letter. */
export const LETTER_SCALE = DEMO_COURSE.gradingScale

export interface TestCourse {
  id: string
  title: string
  instructor: TestUser
  learner: TestUser
}

export async function createCourse(platform: TestPlatform): Promise<TestCourse> {
  const title = 'Sales Foundations'
  const [id, instructor, learner] = await Promise.all([
    platform.createCourse({ title, label: 'SALES-101', gradingScale: LETTER_SCALE }),
    createLmsUser(platform, { name: 'Ines Instructor' }),
    createLmsUser(platform, { name: 'Lena Learner' }),
  ])
  await Promise.all([
    platform.enroll(id, instructor.id, ['Instructor']),
    platform.enroll(id, learner.id, ['Learner']),
  ])
  return { id, title, instructor, learner }
}

/** The letter `LETTER_SCALE` gives a score of 0 to 100. */
export function letterOf(score: number): string {
  const band = LETTER_SCALE.bands.find((b) => score >= b.minPercent)
  if (!band) throw new Error(`no band for ${score}`)
  return band.letter
}
