/** The demo plant (documents, simulator) for the procedure tests: the same fixture the end-to-end tests use. */
export { type Demo as Fixture, openDemo as demoFixture } from '../../test/support/demo.ts'
