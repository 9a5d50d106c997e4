/** @luoshi/server: the HTTP API, storage and the services other packages (the CLI) call directly. */
export { buildApp, API_PREFIX, type BuildOptions } from './app.js';
export { loadConfig, ConfigError, BODY_LIMIT, type Config } from './config.js';
export { startServer, main as serverMain } from './server.js';
export {
  openDatabase,
  migrateToLatest,
  hasLuoshiSchema,
  databaseLocation,
  sqliteFileOf,
  type DatabaseHandle,
} from './db/database.js';
export {
  backupDatabase,
  restoreDatabase,
  BackupError,
  type BackupResult,
  type RestoreResult,
} from './backup/backup.js';
export { grantAppRole, auditLogPowers, ROLE_NAME, type AuditLogPowers } from './db/roles.js';
export {
  verifyAuditChain,
  readAuditHead,
  type AuditHead,
  type ChainBreak,
  type ChainProblem,
  type ChainVerification,
} from './audit/chain.js';
export type { Database, Role } from './db/schema.js';
export { DomainError, defineErrorCodes, problemFor, type Message } from './errors/index.js';
export {
  audited,
  withTransaction,
  SYSTEM_ACTOR,
  CLI_ACTOR,
  type Actor,
  type AuditRecord,
} from './audit/audit.js';
export {
  createUser,
  updateUser,
  listUsers,
  findUserByUsername,
  type CreateUserInput,
} from './users/service.js';
export { ensureInitialAdmin } from './users/bootstrap.js';
export { ROLES, type User } from './users/schemas.js';
export { createApiToken } from './tokens/service.js';
export { actorOf, requireUser } from './plugins/auth.js';
export {
  importFigures,
  figureFileFormat,
  MAX_LISTED_ROW_ERRORS,
  type FigureFile,
  type FigureImportResult,
} from './indicators/figures-import.service.js';
export { seedDemo } from './demo/demo.js';
export type { RowError } from './errors/index.js';
export { runSupervision, chinaDate, type RunResult, type RunTrigger } from './supervision/runner.js';
export { sendDeliveries } from './supervision/webhooks.service.js';
export { emailNoticeEvents } from './supervision/email.js';
export { supervisionRepository } from './supervision/supervision.repository.js';
