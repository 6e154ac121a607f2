/** Slack app: Events API, /ask and feedback buttons over the same copilot and site scoping as the API. */
export { answerMessage, citationLink, withRating } from './blocks.ts'
export {
  DEFAULT_SLACK_API_URL,
  parseSlackUsers,
  type SlackConfig,
  SlackConfigError,
  type SlackUserAccess,
  slackConfigFromEnv,
} from './config.ts'
export { TaskRunner } from './memory.ts'
export { nameUuid, slackPrincipal } from './principal.ts'
export { type SlackRoutesOptions, slackRoutes } from './routes.ts'
export { signSlackRequest, verifySlackSignature } from './signature.ts'
