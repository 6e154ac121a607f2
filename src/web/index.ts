/** The web UI: pages for operators (chat, documents) and planners (procedures), and the cookie sign-in. */
export { webRoutes } from './routes.ts'
