/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation W($e: String!) { createUser(input: { email: $e }) { email } }": typeof types.WDocument,
    "query CitusTenantUsers { currentTenant { slug } users(first: 50) { totalCount edges { node { email } } } }": typeof types.CitusTenantUsersDocument,
    "query CitusUserCount { users(first: 5) { totalCount } }": typeof types.CitusUserCountDocument,
    "query TenantCosts($id: ID!) { tenant(id: $id) { databaseCost { schemaName queriesThisPeriod cpuSecondsThisPeriod } } tenantDatabaseCosts { schemaName } }": typeof types.TenantCostsDocument,
    "query CostsAsTenantAdmin { tenant { databaseCost { queriesThisPeriod } } }": typeof types.CostsAsTenantAdminDocument,
    "query ServedEmails { currentTenant { slug } users(first: 100) { edges { node { email } } } }": typeof types.ServedEmailsDocument,
    "mutation AuditedCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id } }": typeof types.AuditedCreateTenantDocument,
    "mutation AuditedSuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { id } }": typeof types.AuditedSuspendTenantDocument,
    "mutation AuditedActivateTenant($id: ID!) { activateTenant(id: $id) { id } }": typeof types.AuditedActivateTenantDocument,
    "mutation AuditedBackupTenant($id: ID!) { backupTenant(id: $id, reason: \"nightly\") { id } }": typeof types.AuditedBackupTenantDocument,
    "mutation AuditedRestoreTenant($id: ID!) { restoreTenant(backupId: $id) { replacedBackup { id } } }": typeof types.AuditedRestoreTenantDocument,
    "mutation AuditedDeleteBackup($id: ID!) { deleteBackup(id: $id) }": typeof types.AuditedDeleteBackupDocument,
    "mutation AuditedCloneTenant($id: ID!, $slug: String!) { cloneTenant(tenantId: $id, slug: $slug) { tenant { id } } }": typeof types.AuditedCloneTenantDocument,
    "mutation AuditedArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"closed\") { id } }": typeof types.AuditedArchiveTenantDocument,
    "mutation AuditedUnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { id } }": typeof types.AuditedUnarchiveTenantDocument,
    "mutation AuditedDeleteTenant($id: ID!) { deleteTenant(id: $id) }": typeof types.AuditedDeleteTenantDocument,
    "query CliCreatedTenantSlug { currentTenant { slug } }": typeof types.CliCreatedTenantSlugDocument,
    "\n  mutation SideEffectsInvite($tenantId: ID!, $email: String!) {\n    inviteMember(tenantId: $tenantId, email: $email, role: MEMBER) { id }\n  }\n": typeof types.SideEffectsInviteDocument,
    "query DailyStorageHistory { usageLogs(metric: STORAGE, period: DAILY, from: \"2026-03-01T00:00:00Z\", to: \"2026-03-31T00:00:00Z\") { timestamp value } }": typeof types.DailyStorageHistoryDocument,
    "mutation Create($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName } }": typeof types.CreateDocument,
    "query StaffIdentity { me { account { email } } }": typeof types.StaffIdentityDocument,
    "mutation SetEncryptedStripeKey { setTenantSetting(input: { category: BILLING, key: \"stripeKey\", value: \"sk_live_1\", encrypted: true }) { id } }": typeof types.SetEncryptedStripeKeyDocument,
    "query BillingSettings { tenantSettings(category: BILLING) { key value } }": typeof types.BillingSettingsDocument,
    "mutation TakeBackup($id: ID!, $reason: String) { backupTenant(id: $id, reason: $reason) { id tenantId kind reason createdBy tables rowCounts sizeBytes migrationVersion schemaName } }": typeof types.TakeBackupDocument,
    "query ListBackups($id: ID) { backups(tenantId: $id) { id reason kind } }": typeof types.ListBackupsDocument,
    "mutation DeleteBackup($id: ID!) { deleteBackup(id: $id) }": typeof types.DeleteBackupDocument,
    "mutation CreateUserBeforeBackup { createUser(input: { email: \"before@x.test\" }) { id } }": typeof types.CreateUserBeforeBackupDocument,
    "mutation CreateUserAfterBackup { createUser(input: { email: \"after@x.test\" }) { id } }": typeof types.CreateUserAfterBackupDocument,
    "mutation RestoreBackup($id: ID!) { restoreTenant(backupId: $id) { tenant { id status } replacedBackup { id kind rowCounts } migrated rowCounts } }": typeof types.RestoreBackupDocument,
    "query RestoredUsers { users(first: 10) { edges { node { email } } } }": typeof types.RestoredUsersDocument,
    "mutation RestoreAnotherTenantsBackup($id: ID!) { restoreTenant(backupId: $id) { migrated } }": typeof types.RestoreAnotherTenantsBackupDocument,
    "mutation DeleteAnotherTenantsBackup($id: ID!) { deleteBackup(id: $id) }": typeof types.DeleteAnotherTenantsBackupDocument,
    "mutation DeleteUnknownBackup { deleteBackup(id: \"00000000-0000-4000-8000-000000000000\") }": typeof types.DeleteUnknownBackupDocument,
    "mutation DeleteBackupByMalformedId { deleteBackup(id: \"nope\") }": typeof types.DeleteBackupByMalformedIdDocument,
    "mutation CloneFromBackup($b: ID, $s: String!) { cloneTenant(backupId: $b, slug: $s) { tenant { slug status } rowCounts } }": typeof types.CloneFromBackupDocument,
    "mutation CloneAsTenantOwner($s: String!) { cloneTenant(tenantId: \"x\", slug: $s) { migrated } }": typeof types.CloneAsTenantOwnerDocument,
    "mutation ArchiveTenantForUnarchive($id: ID!) { archiveTenant(id: $id) { status } }": typeof types.ArchiveTenantForUnarchiveDocument,
    "mutation UnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { status schemaName } }": typeof types.UnarchiveTenantDocument,
    "query UnarchivedTenantSlug { currentTenant { slug } }": typeof types.UnarchivedTenantSlugDocument,
    "mutation DeleteTenantKeepingBackups($id: ID!) { deleteTenant(id: $id, keepBackups: true) }": typeof types.DeleteTenantKeepingBackupsDocument,
    "query OrphanBackups { orphanBackups { id tenantId tenantSlug } }": typeof types.OrphanBackupsDocument,
    "query WarmTheDoor { currentTenant { id } }": typeof types.WarmTheDoorDocument,
    "query TenantWithoutRelations { currentTenant { id name slug status limits { users } } }": typeof types.TenantWithoutRelationsDocument,
    "query TenantDomainsOnly { currentTenant { id domains { domain primary } } }": typeof types.TenantDomainsOnlyDocument,
    "query TenantUsage { currentTenant { usage { users } userUsagePercent } }": typeof types.TenantUsageDocument,
    "query TenantName { currentTenant { name } }": typeof types.TenantNameDocument,
    "mutation RenameToRenamed($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\" }) { name } }": typeof types.RenameToRenamedDocument,
    "\n  mutation AddTenantDomain($tenantId: ID, $domain: String!, $primary: Boolean) {\n    addTenantDomain(tenantId: $tenantId, domain: $domain, primary: $primary) { id domain primary verifiedAt verificationToken verificationRecord }\n  }\n": typeof types.AddTenantDomainDocument,
    "\n  mutation VerifyTenantDomain($id: ID!) { verifyTenantDomain(id: $id) { id domain verifiedAt } }\n": typeof types.VerifyTenantDomainDocument,
    "\n  mutation SetPrimaryDomain($id: ID!) { setPrimaryDomain(id: $id) { id domain primary } }\n": typeof types.SetPrimaryDomainDocument,
    "\n  mutation RemoveTenantDomain($id: ID!) { removeTenantDomain(id: $id) }\n": typeof types.RemoveTenantDomainDocument,
    "\n  query TenantDomains { currentTenant { domain domains { domain primary verifiedAt } } }\n": typeof types.TenantDomainsDocument,
    "\n  query ServedSlug { currentTenant { slug } }\n": typeof types.ServedSlugDocument,
    "mutation UpdateTenantLimits($id: ID!, $input: UpdateTenantInput!, $force: Boolean) { updateTenant(id: $id, input: $input, force: $force) { plan limits { users storageGb apiCallsPerMonth } } }": typeof types.UpdateTenantLimitsDocument,
    "mutation CreateUserB { createUser(input: { email: \"b@x.test\" }) { id } }": typeof types.CreateUserBDocument,
    "mutation CreateUserA { createUser(input: { email: \"a@x.test\" }) { id } }": typeof types.CreateUserADocument,
    "mutation RefreshStorageUsage { refreshTenantUsage { id } }": typeof types.RefreshStorageUsageDocument,
    "mutation SetSettingOverStorage { setTenantSetting(input: { category: GENERAL, key: \"k\", value: \"v\" }) { key } }": typeof types.SetSettingOverStorageDocument,
    "mutation BackupOverStorage($id: ID!) { backupTenant(id: $id) { id } }": typeof types.BackupOverStorageDocument,
    "query CountUsersOverStorage { users(first: 5) { totalCount } }": typeof types.CountUsersOverStorageDocument,
    "mutation InvitePending($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }": typeof types.InvitePendingDocument,
    "query SeatsUsage { currentTenant { usage { users } limits { users } userUsagePercent } }": typeof types.SeatsUsageDocument,
    "query MemberCount { members(first: 20) { totalCount } }": typeof types.MemberCountDocument,
    "\n  mutation InviteMember($email: String!, $role: MemberRole!) {\n    inviteMember(email: $email, role: $role) { id role status invitedAt acceptedAt user { id email } }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation AcceptInvitation { acceptInvitation { id role status acceptedAt } }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation UpdateMember($id: ID!, $role: MemberRole, $status: MemberStatus, $permissions: JSON) {\n    updateMember(id: $id, role: $role, status: $status, permissions: $permissions) { id role status permissions }\n  }\n": typeof types.UpdateMemberDocument,
    "\n  mutation RemoveMember($id: ID!) { removeMember(id: $id) }\n": typeof types.RemoveMemberDocument,
    "\n  mutation SetUserLimit($id: ID!, $users: Int!) { updateTenant(id: $id, input: { limits: { users: $users } }) { limits { users } } }\n": typeof types.SetUserLimitDocument,
    "\n  query UsersUsage { currentTenant { usage { users } } }\n": typeof types.UsersUsageDocument,
    "query MyMemberships { me { account { email } memberships { role status acceptedAt tenant { slug } } } }": typeof types.MyMembershipsDocument,
    "query ActivityPing { currentTenant { name } }": typeof types.ActivityPingDocument,
    "query MembersLastActive { members(first: 10, role: MEMBER) { edges { node { lastActiveAt } } } }": typeof types.MembersLastActiveDocument,
    "mutation RefreshSeatUsage { refreshTenantUsage { usage { users } } }": typeof types.RefreshSeatUsageDocument,
    "\n  query TenantSettingsAndGroups { tenantSettings { id category key value type encrypted } settingsByCategory }\n": typeof types.TenantSettingsAndGroupsDocument,
    "\n  mutation SetTenantSetting($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { id category key value type encrypted } }\n": typeof types.SetTenantSettingDocument,
    "\n  query TenantSettings { tenantSettings { id category key value type encrypted } }\n": typeof types.TenantSettingsDocument,
    "query SettingsByCategory { settingsByCategory }": typeof types.SettingsByCategoryDocument,
    "query PublicBranding { currentTenant { id name slug branding } }": typeof types.PublicBrandingDocument,
    "mutation DeleteDigestSetting { deleteTenantSetting(category: NOTIFICATIONS, key: \"digest\") }": typeof types.DeleteDigestSettingDocument,
    "mutation SmokeCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName domains { domain primary } } }": typeof types.SmokeCreateTenantDocument,
    "query SmokePublicTenant { currentTenant { id name slug branding } }": typeof types.SmokePublicTenantDocument,
    "mutation SmokeCreateUser { createUser(input: { email: \"A@Example.com\", name: \"A\" }) { email } }": typeof types.SmokeCreateUserDocument,
    "query SmokeUsers { users(first: 5) { totalCount edges { node { email } } } }": typeof types.SmokeUsersDocument,
    "mutation SmokeSetEncryptedSetting { setTenantSetting(input: { category: SECURITY, key: \"apiKey\", value: \"s3cret\", encrypted: true }) { key value encrypted type } }": typeof types.SmokeSetEncryptedSettingDocument,
    "query SmokeSettingsAsViewer { tenantSettings { key value encrypted } }": typeof types.SmokeSettingsAsViewerDocument,
    "mutation SmokeInviteMember { inviteMember(email: \"new@x.test\", role: MEMBER) { role status acceptedAt user { email } } }": typeof types.SmokeInviteMemberDocument,
    "query SmokeMemberCount { members(first: 10) { totalCount } }": typeof types.SmokeMemberCountDocument,
    "query SmokeAuditActions { auditLogs(first: 10) { totalCount edges { node { action } } } }": typeof types.SmokeAuditActionsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) { id slug schemaName status plan domain limits { users storageGb apiCallsPerMonth } }\n  }\n": typeof types.CreateTenantDocument,
    "\n  query EnterpriseTenantsPage($after: String) {\n    tenants(first: 1, after: $after, plan: ENTERPRISE, status: ACTIVE, orderBy: NAME_DESC) {\n      totalCount pageInfo { hasNextPage endCursor } edges { node { name plan } }\n    }\n  }\n": typeof types.EnterpriseTenantsPageDocument,
    "\n  mutation SuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { status } }\n": typeof types.SuspendTenantDocument,
    "\n  mutation ActivateTenant($id: ID!) { activateTenant(id: $id) { status } }\n": typeof types.ActivateTenantDocument,
    "\n  mutation ArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"churned\") { status metadata } }\n": typeof types.ArchiveTenantDocument,
    "\n  mutation DeleteTenant($id: ID!) { deleteTenant(id: $id) }\n": typeof types.DeleteTenantDocument,
    "\n  query CurrentTenantId { currentTenant { id } }\n": typeof types.CurrentTenantIdDocument,
    "\n  mutation RenameTenant($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\", metadata: { color: \"red\" } }) { name metadata } }\n": typeof types.RenameTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }\n": typeof types.UpdateTenantDocument,
    "\n  mutation BackupTenant($id: ID!) { backupTenant(id: $id) { schemaName tables createdAt } }\n": typeof types.BackupTenantDocument,
    "mutation SuspendAnotherTenant($id: ID!) { suspendTenant(id: $id) { id } }": typeof types.SuspendAnotherTenantDocument,
    "query MeteredTenantCall { currentTenant { id } }": typeof types.MeteredTenantCallDocument,
    "query PlatformCall { serverTime }": typeof types.PlatformCallDocument,
    "query HourlyApiCalls { usageLogs(metric: API_CALLS, period: HOURLY) { value metric period } }": typeof types.HourlyApiCallsDocument,
    "mutation RefreshUsagePercents { refreshTenantUsage { usage { users storageGb } userUsagePercent storageUsagePercent apiCallsUsagePercent } }": typeof types.RefreshUsagePercentsDocument,
    "query UsersAfterCursor($c: String) { users(first: 2, after: $c) { edges { cursor } } }": typeof types.UsersAfterCursorDocument,
    "query MembersAfterCursor($c: String) { members(first: 2, after: $c) { edges { cursor } } }": typeof types.MembersAfterCursorDocument,
    "query AuditLogsBeforeCursor($c: String) { auditLogs(last: 2, before: $c) { edges { cursor } } }": typeof types.AuditLogsBeforeCursorDocument,
    "query TenantsAfterCursor($c: String) { tenants(first: 2, after: $c) { edges { cursor } } }": typeof types.TenantsAfterCursorDocument,
    "query FirstMemberCursor { members(first: 1) { pageInfo { endCursor } } }": typeof types.FirstMemberCursorDocument,
    "query MembersAfter($c: String) { members(first: 2, after: $c) { edges { node { role } } } }": typeof types.MembersAfterDocument,
    "query TenantBySlug($slug: String) { tenant(slug: $slug) { id } }": typeof types.TenantBySlugDocument,
    "query TenantById($id: ID) { tenant(id: $id) { id } }": typeof types.TenantByIdDocument,
    "mutation RemoveMemberById($id: ID!) { removeMember(id: $id) }": typeof types.RemoveMemberByIdDocument,
    "query TenantsFromTenantHost { tenants(first: 5) { totalCount edges { node { slug } } } }": typeof types.TenantsFromTenantHostDocument,
    "mutation CreateTenantFromTenantHost { createTenant(input: { name: \"From a tenant host\", slug: \"from-tenant-host\" }) { id } }": typeof types.CreateTenantFromTenantHostDocument,
    "query TenantsFromPlatformHost { tenants(first: 5) { totalCount } }": typeof types.TenantsFromPlatformHostDocument,
    "query MeteredSettings($t: ID) { tenantSettings(tenantId: $t) { key } }": typeof types.MeteredSettingsDocument,
    "query MeteredMembers($t: ID) { members(tenantId: $t, first: 1) { totalCount } }": typeof types.MeteredMembersDocument,
    "query MeteredTenant($t: ID) { tenant(id: $t) { id usage { apiCallsPerMonth } } }": typeof types.MeteredTenantDocument,
    "query MeteredMembersAndSettings($t: ID) { members(tenantId: $t, first: 1) { totalCount } tenantSettings(tenantId: $t) { key } }": typeof types.MeteredMembersAndSettingsDocument,
    "query MeteredAcrossFields($t: ID) { a: members(tenantId: $t, first: 1) { totalCount } b: tenantSettings(tenantId: $t) { key } c: tenant(id: $t) { id } }": typeof types.MeteredAcrossFieldsDocument,
    "query MembersOverSoftLimit($t: ID) { members(tenantId: $t, first: 1) { totalCount } }": typeof types.MembersOverSoftLimitDocument,
    "mutation RaiseApiCallLimit($t: ID!) { updateTenant(id: $t, input: { limits: { apiCallsPerMonth: 100 } }) { limits { apiCallsPerMonth } } }": typeof types.RaiseApiCallLimitDocument,
    "query SuspendedSettings($t: ID) { tenantSettings(tenantId: $t) { key value } }": typeof types.SuspendedSettingsDocument,
    "mutation SuspendedSetSetting($t: ID) { setTenantSetting(input: { tenantId: $t, category: GENERAL, key: \"x\", value: \"y\" }) { key } }": typeof types.SuspendedSetSettingDocument,
    "mutation SuspendedInviteAdmin($t: ID) { inviteMember(tenantId: $t, email: \"new-admin@evil.test\", role: ADMIN) { id } }": typeof types.SuspendedInviteAdminDocument,
    "mutation SuspendedAddDomain($t: ID) { addTenantDomain(tenantId: $t, domain: \"suspended-claim.example.org\") { id } }": typeof types.SuspendedAddDomainDocument,
    "mutation SuspendedBackup($t: ID!) { backupTenant(id: $t) { schemaName } }": typeof types.SuspendedBackupDocument,
    "mutation SuspendedEraseRecord($t: ID!) { updateTenant(id: $t, input: { metadata: { suspension_reason: null } }) { id } }": typeof types.SuspendedEraseRecordDocument,
    "query SuspendedMembers($t: ID) { members(tenantId: $t, first: 5) { totalCount } }": typeof types.SuspendedMembersDocument,
    "query SuspendedTenant($t: ID) { tenant(id: $t) { status metadata } }": typeof types.SuspendedTenantDocument,
    "query StaffReadsSuspendedTenant($t: ID) { tenant(id: $t) { status } tenantSettings(tenantId: $t) { key } }": typeof types.StaffReadsSuspendedTenantDocument,
    "query PendingTenantSettings($t: ID) { tenantSettings(tenantId: $t) { key } }": typeof types.PendingTenantSettingsDocument,
    "mutation UpdateTenantData($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }": typeof types.UpdateTenantDataDocument,
    "mutation SetOversizedSetting($key: String!) { setTenantSetting(input: { category: GENERAL, key: $key, value: \"v\" }) { key } }": typeof types.SetOversizedSettingDocument,
    "mutation SetOversizedPermissions($id: ID!, $p: JSON) { updateMember(id: $id, permissions: $p) { id } }": typeof types.SetOversizedPermissionsDocument,
    "query ListedSchemaNames { tenants(first: 100) { edges { node { schemaName } } } }": typeof types.ListedSchemaNamesDocument,
};
const documents: Documents = {
    "mutation W($e: String!) { createUser(input: { email: $e }) { email } }": types.WDocument,
    "query CitusTenantUsers { currentTenant { slug } users(first: 50) { totalCount edges { node { email } } } }": types.CitusTenantUsersDocument,
    "query CitusUserCount { users(first: 5) { totalCount } }": types.CitusUserCountDocument,
    "query TenantCosts($id: ID!) { tenant(id: $id) { databaseCost { schemaName queriesThisPeriod cpuSecondsThisPeriod } } tenantDatabaseCosts { schemaName } }": types.TenantCostsDocument,
    "query CostsAsTenantAdmin { tenant { databaseCost { queriesThisPeriod } } }": types.CostsAsTenantAdminDocument,
    "query ServedEmails { currentTenant { slug } users(first: 100) { edges { node { email } } } }": types.ServedEmailsDocument,
    "mutation AuditedCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id } }": types.AuditedCreateTenantDocument,
    "mutation AuditedSuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { id } }": types.AuditedSuspendTenantDocument,
    "mutation AuditedActivateTenant($id: ID!) { activateTenant(id: $id) { id } }": types.AuditedActivateTenantDocument,
    "mutation AuditedBackupTenant($id: ID!) { backupTenant(id: $id, reason: \"nightly\") { id } }": types.AuditedBackupTenantDocument,
    "mutation AuditedRestoreTenant($id: ID!) { restoreTenant(backupId: $id) { replacedBackup { id } } }": types.AuditedRestoreTenantDocument,
    "mutation AuditedDeleteBackup($id: ID!) { deleteBackup(id: $id) }": types.AuditedDeleteBackupDocument,
    "mutation AuditedCloneTenant($id: ID!, $slug: String!) { cloneTenant(tenantId: $id, slug: $slug) { tenant { id } } }": types.AuditedCloneTenantDocument,
    "mutation AuditedArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"closed\") { id } }": types.AuditedArchiveTenantDocument,
    "mutation AuditedUnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { id } }": types.AuditedUnarchiveTenantDocument,
    "mutation AuditedDeleteTenant($id: ID!) { deleteTenant(id: $id) }": types.AuditedDeleteTenantDocument,
    "query CliCreatedTenantSlug { currentTenant { slug } }": types.CliCreatedTenantSlugDocument,
    "\n  mutation SideEffectsInvite($tenantId: ID!, $email: String!) {\n    inviteMember(tenantId: $tenantId, email: $email, role: MEMBER) { id }\n  }\n": types.SideEffectsInviteDocument,
    "query DailyStorageHistory { usageLogs(metric: STORAGE, period: DAILY, from: \"2026-03-01T00:00:00Z\", to: \"2026-03-31T00:00:00Z\") { timestamp value } }": types.DailyStorageHistoryDocument,
    "mutation Create($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName } }": types.CreateDocument,
    "query StaffIdentity { me { account { email } } }": types.StaffIdentityDocument,
    "mutation SetEncryptedStripeKey { setTenantSetting(input: { category: BILLING, key: \"stripeKey\", value: \"sk_live_1\", encrypted: true }) { id } }": types.SetEncryptedStripeKeyDocument,
    "query BillingSettings { tenantSettings(category: BILLING) { key value } }": types.BillingSettingsDocument,
    "mutation TakeBackup($id: ID!, $reason: String) { backupTenant(id: $id, reason: $reason) { id tenantId kind reason createdBy tables rowCounts sizeBytes migrationVersion schemaName } }": types.TakeBackupDocument,
    "query ListBackups($id: ID) { backups(tenantId: $id) { id reason kind } }": types.ListBackupsDocument,
    "mutation DeleteBackup($id: ID!) { deleteBackup(id: $id) }": types.DeleteBackupDocument,
    "mutation CreateUserBeforeBackup { createUser(input: { email: \"before@x.test\" }) { id } }": types.CreateUserBeforeBackupDocument,
    "mutation CreateUserAfterBackup { createUser(input: { email: \"after@x.test\" }) { id } }": types.CreateUserAfterBackupDocument,
    "mutation RestoreBackup($id: ID!) { restoreTenant(backupId: $id) { tenant { id status } replacedBackup { id kind rowCounts } migrated rowCounts } }": types.RestoreBackupDocument,
    "query RestoredUsers { users(first: 10) { edges { node { email } } } }": types.RestoredUsersDocument,
    "mutation RestoreAnotherTenantsBackup($id: ID!) { restoreTenant(backupId: $id) { migrated } }": types.RestoreAnotherTenantsBackupDocument,
    "mutation DeleteAnotherTenantsBackup($id: ID!) { deleteBackup(id: $id) }": types.DeleteAnotherTenantsBackupDocument,
    "mutation DeleteUnknownBackup { deleteBackup(id: \"00000000-0000-4000-8000-000000000000\") }": types.DeleteUnknownBackupDocument,
    "mutation DeleteBackupByMalformedId { deleteBackup(id: \"nope\") }": types.DeleteBackupByMalformedIdDocument,
    "mutation CloneFromBackup($b: ID, $s: String!) { cloneTenant(backupId: $b, slug: $s) { tenant { slug status } rowCounts } }": types.CloneFromBackupDocument,
    "mutation CloneAsTenantOwner($s: String!) { cloneTenant(tenantId: \"x\", slug: $s) { migrated } }": types.CloneAsTenantOwnerDocument,
    "mutation ArchiveTenantForUnarchive($id: ID!) { archiveTenant(id: $id) { status } }": types.ArchiveTenantForUnarchiveDocument,
    "mutation UnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { status schemaName } }": types.UnarchiveTenantDocument,
    "query UnarchivedTenantSlug { currentTenant { slug } }": types.UnarchivedTenantSlugDocument,
    "mutation DeleteTenantKeepingBackups($id: ID!) { deleteTenant(id: $id, keepBackups: true) }": types.DeleteTenantKeepingBackupsDocument,
    "query OrphanBackups { orphanBackups { id tenantId tenantSlug } }": types.OrphanBackupsDocument,
    "query WarmTheDoor { currentTenant { id } }": types.WarmTheDoorDocument,
    "query TenantWithoutRelations { currentTenant { id name slug status limits { users } } }": types.TenantWithoutRelationsDocument,
    "query TenantDomainsOnly { currentTenant { id domains { domain primary } } }": types.TenantDomainsOnlyDocument,
    "query TenantUsage { currentTenant { usage { users } userUsagePercent } }": types.TenantUsageDocument,
    "query TenantName { currentTenant { name } }": types.TenantNameDocument,
    "mutation RenameToRenamed($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\" }) { name } }": types.RenameToRenamedDocument,
    "\n  mutation AddTenantDomain($tenantId: ID, $domain: String!, $primary: Boolean) {\n    addTenantDomain(tenantId: $tenantId, domain: $domain, primary: $primary) { id domain primary verifiedAt verificationToken verificationRecord }\n  }\n": types.AddTenantDomainDocument,
    "\n  mutation VerifyTenantDomain($id: ID!) { verifyTenantDomain(id: $id) { id domain verifiedAt } }\n": types.VerifyTenantDomainDocument,
    "\n  mutation SetPrimaryDomain($id: ID!) { setPrimaryDomain(id: $id) { id domain primary } }\n": types.SetPrimaryDomainDocument,
    "\n  mutation RemoveTenantDomain($id: ID!) { removeTenantDomain(id: $id) }\n": types.RemoveTenantDomainDocument,
    "\n  query TenantDomains { currentTenant { domain domains { domain primary verifiedAt } } }\n": types.TenantDomainsDocument,
    "\n  query ServedSlug { currentTenant { slug } }\n": types.ServedSlugDocument,
    "mutation UpdateTenantLimits($id: ID!, $input: UpdateTenantInput!, $force: Boolean) { updateTenant(id: $id, input: $input, force: $force) { plan limits { users storageGb apiCallsPerMonth } } }": types.UpdateTenantLimitsDocument,
    "mutation CreateUserB { createUser(input: { email: \"b@x.test\" }) { id } }": types.CreateUserBDocument,
    "mutation CreateUserA { createUser(input: { email: \"a@x.test\" }) { id } }": types.CreateUserADocument,
    "mutation RefreshStorageUsage { refreshTenantUsage { id } }": types.RefreshStorageUsageDocument,
    "mutation SetSettingOverStorage { setTenantSetting(input: { category: GENERAL, key: \"k\", value: \"v\" }) { key } }": types.SetSettingOverStorageDocument,
    "mutation BackupOverStorage($id: ID!) { backupTenant(id: $id) { id } }": types.BackupOverStorageDocument,
    "query CountUsersOverStorage { users(first: 5) { totalCount } }": types.CountUsersOverStorageDocument,
    "mutation InvitePending($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }": types.InvitePendingDocument,
    "query SeatsUsage { currentTenant { usage { users } limits { users } userUsagePercent } }": types.SeatsUsageDocument,
    "query MemberCount { members(first: 20) { totalCount } }": types.MemberCountDocument,
    "\n  mutation InviteMember($email: String!, $role: MemberRole!) {\n    inviteMember(email: $email, role: $role) { id role status invitedAt acceptedAt user { id email } }\n  }\n": types.InviteMemberDocument,
    "\n  mutation AcceptInvitation { acceptInvitation { id role status acceptedAt } }\n": types.AcceptInvitationDocument,
    "\n  mutation UpdateMember($id: ID!, $role: MemberRole, $status: MemberStatus, $permissions: JSON) {\n    updateMember(id: $id, role: $role, status: $status, permissions: $permissions) { id role status permissions }\n  }\n": types.UpdateMemberDocument,
    "\n  mutation RemoveMember($id: ID!) { removeMember(id: $id) }\n": types.RemoveMemberDocument,
    "\n  mutation SetUserLimit($id: ID!, $users: Int!) { updateTenant(id: $id, input: { limits: { users: $users } }) { limits { users } } }\n": types.SetUserLimitDocument,
    "\n  query UsersUsage { currentTenant { usage { users } } }\n": types.UsersUsageDocument,
    "query MyMemberships { me { account { email } memberships { role status acceptedAt tenant { slug } } } }": types.MyMembershipsDocument,
    "query ActivityPing { currentTenant { name } }": types.ActivityPingDocument,
    "query MembersLastActive { members(first: 10, role: MEMBER) { edges { node { lastActiveAt } } } }": types.MembersLastActiveDocument,
    "mutation RefreshSeatUsage { refreshTenantUsage { usage { users } } }": types.RefreshSeatUsageDocument,
    "\n  query TenantSettingsAndGroups { tenantSettings { id category key value type encrypted } settingsByCategory }\n": types.TenantSettingsAndGroupsDocument,
    "\n  mutation SetTenantSetting($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { id category key value type encrypted } }\n": types.SetTenantSettingDocument,
    "\n  query TenantSettings { tenantSettings { id category key value type encrypted } }\n": types.TenantSettingsDocument,
    "query SettingsByCategory { settingsByCategory }": types.SettingsByCategoryDocument,
    "query PublicBranding { currentTenant { id name slug branding } }": types.PublicBrandingDocument,
    "mutation DeleteDigestSetting { deleteTenantSetting(category: NOTIFICATIONS, key: \"digest\") }": types.DeleteDigestSettingDocument,
    "mutation SmokeCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName domains { domain primary } } }": types.SmokeCreateTenantDocument,
    "query SmokePublicTenant { currentTenant { id name slug branding } }": types.SmokePublicTenantDocument,
    "mutation SmokeCreateUser { createUser(input: { email: \"A@Example.com\", name: \"A\" }) { email } }": types.SmokeCreateUserDocument,
    "query SmokeUsers { users(first: 5) { totalCount edges { node { email } } } }": types.SmokeUsersDocument,
    "mutation SmokeSetEncryptedSetting { setTenantSetting(input: { category: SECURITY, key: \"apiKey\", value: \"s3cret\", encrypted: true }) { key value encrypted type } }": types.SmokeSetEncryptedSettingDocument,
    "query SmokeSettingsAsViewer { tenantSettings { key value encrypted } }": types.SmokeSettingsAsViewerDocument,
    "mutation SmokeInviteMember { inviteMember(email: \"new@x.test\", role: MEMBER) { role status acceptedAt user { email } } }": types.SmokeInviteMemberDocument,
    "query SmokeMemberCount { members(first: 10) { totalCount } }": types.SmokeMemberCountDocument,
    "query SmokeAuditActions { auditLogs(first: 10) { totalCount edges { node { action } } } }": types.SmokeAuditActionsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) { id slug schemaName status plan domain limits { users storageGb apiCallsPerMonth } }\n  }\n": types.CreateTenantDocument,
    "\n  query EnterpriseTenantsPage($after: String) {\n    tenants(first: 1, after: $after, plan: ENTERPRISE, status: ACTIVE, orderBy: NAME_DESC) {\n      totalCount pageInfo { hasNextPage endCursor } edges { node { name plan } }\n    }\n  }\n": types.EnterpriseTenantsPageDocument,
    "\n  mutation SuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { status } }\n": types.SuspendTenantDocument,
    "\n  mutation ActivateTenant($id: ID!) { activateTenant(id: $id) { status } }\n": types.ActivateTenantDocument,
    "\n  mutation ArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"churned\") { status metadata } }\n": types.ArchiveTenantDocument,
    "\n  mutation DeleteTenant($id: ID!) { deleteTenant(id: $id) }\n": types.DeleteTenantDocument,
    "\n  query CurrentTenantId { currentTenant { id } }\n": types.CurrentTenantIdDocument,
    "\n  mutation RenameTenant($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\", metadata: { color: \"red\" } }) { name metadata } }\n": types.RenameTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }\n": types.UpdateTenantDocument,
    "\n  mutation BackupTenant($id: ID!) { backupTenant(id: $id) { schemaName tables createdAt } }\n": types.BackupTenantDocument,
    "mutation SuspendAnotherTenant($id: ID!) { suspendTenant(id: $id) { id } }": types.SuspendAnotherTenantDocument,
    "query MeteredTenantCall { currentTenant { id } }": types.MeteredTenantCallDocument,
    "query PlatformCall { serverTime }": types.PlatformCallDocument,
    "query HourlyApiCalls { usageLogs(metric: API_CALLS, period: HOURLY) { value metric period } }": types.HourlyApiCallsDocument,
    "mutation RefreshUsagePercents { refreshTenantUsage { usage { users storageGb } userUsagePercent storageUsagePercent apiCallsUsagePercent } }": types.RefreshUsagePercentsDocument,
    "query UsersAfterCursor($c: String) { users(first: 2, after: $c) { edges { cursor } } }": types.UsersAfterCursorDocument,
    "query MembersAfterCursor($c: String) { members(first: 2, after: $c) { edges { cursor } } }": types.MembersAfterCursorDocument,
    "query AuditLogsBeforeCursor($c: String) { auditLogs(last: 2, before: $c) { edges { cursor } } }": types.AuditLogsBeforeCursorDocument,
    "query TenantsAfterCursor($c: String) { tenants(first: 2, after: $c) { edges { cursor } } }": types.TenantsAfterCursorDocument,
    "query FirstMemberCursor { members(first: 1) { pageInfo { endCursor } } }": types.FirstMemberCursorDocument,
    "query MembersAfter($c: String) { members(first: 2, after: $c) { edges { node { role } } } }": types.MembersAfterDocument,
    "query TenantBySlug($slug: String) { tenant(slug: $slug) { id } }": types.TenantBySlugDocument,
    "query TenantById($id: ID) { tenant(id: $id) { id } }": types.TenantByIdDocument,
    "mutation RemoveMemberById($id: ID!) { removeMember(id: $id) }": types.RemoveMemberByIdDocument,
    "query TenantsFromTenantHost { tenants(first: 5) { totalCount edges { node { slug } } } }": types.TenantsFromTenantHostDocument,
    "mutation CreateTenantFromTenantHost { createTenant(input: { name: \"From a tenant host\", slug: \"from-tenant-host\" }) { id } }": types.CreateTenantFromTenantHostDocument,
    "query TenantsFromPlatformHost { tenants(first: 5) { totalCount } }": types.TenantsFromPlatformHostDocument,
    "query MeteredSettings($t: ID) { tenantSettings(tenantId: $t) { key } }": types.MeteredSettingsDocument,
    "query MeteredMembers($t: ID) { members(tenantId: $t, first: 1) { totalCount } }": types.MeteredMembersDocument,
    "query MeteredTenant($t: ID) { tenant(id: $t) { id usage { apiCallsPerMonth } } }": types.MeteredTenantDocument,
    "query MeteredMembersAndSettings($t: ID) { members(tenantId: $t, first: 1) { totalCount } tenantSettings(tenantId: $t) { key } }": types.MeteredMembersAndSettingsDocument,
    "query MeteredAcrossFields($t: ID) { a: members(tenantId: $t, first: 1) { totalCount } b: tenantSettings(tenantId: $t) { key } c: tenant(id: $t) { id } }": types.MeteredAcrossFieldsDocument,
    "query MembersOverSoftLimit($t: ID) { members(tenantId: $t, first: 1) { totalCount } }": types.MembersOverSoftLimitDocument,
    "mutation RaiseApiCallLimit($t: ID!) { updateTenant(id: $t, input: { limits: { apiCallsPerMonth: 100 } }) { limits { apiCallsPerMonth } } }": types.RaiseApiCallLimitDocument,
    "query SuspendedSettings($t: ID) { tenantSettings(tenantId: $t) { key value } }": types.SuspendedSettingsDocument,
    "mutation SuspendedSetSetting($t: ID) { setTenantSetting(input: { tenantId: $t, category: GENERAL, key: \"x\", value: \"y\" }) { key } }": types.SuspendedSetSettingDocument,
    "mutation SuspendedInviteAdmin($t: ID) { inviteMember(tenantId: $t, email: \"new-admin@evil.test\", role: ADMIN) { id } }": types.SuspendedInviteAdminDocument,
    "mutation SuspendedAddDomain($t: ID) { addTenantDomain(tenantId: $t, domain: \"suspended-claim.example.org\") { id } }": types.SuspendedAddDomainDocument,
    "mutation SuspendedBackup($t: ID!) { backupTenant(id: $t) { schemaName } }": types.SuspendedBackupDocument,
    "mutation SuspendedEraseRecord($t: ID!) { updateTenant(id: $t, input: { metadata: { suspension_reason: null } }) { id } }": types.SuspendedEraseRecordDocument,
    "query SuspendedMembers($t: ID) { members(tenantId: $t, first: 5) { totalCount } }": types.SuspendedMembersDocument,
    "query SuspendedTenant($t: ID) { tenant(id: $t) { status metadata } }": types.SuspendedTenantDocument,
    "query StaffReadsSuspendedTenant($t: ID) { tenant(id: $t) { status } tenantSettings(tenantId: $t) { key } }": types.StaffReadsSuspendedTenantDocument,
    "query PendingTenantSettings($t: ID) { tenantSettings(tenantId: $t) { key } }": types.PendingTenantSettingsDocument,
    "mutation UpdateTenantData($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }": types.UpdateTenantDataDocument,
    "mutation SetOversizedSetting($key: String!) { setTenantSetting(input: { category: GENERAL, key: $key, value: \"v\" }) { key } }": types.SetOversizedSettingDocument,
    "mutation SetOversizedPermissions($id: ID!, $p: JSON) { updateMember(id: $id, permissions: $p) { id } }": types.SetOversizedPermissionsDocument,
    "query ListedSchemaNames { tenants(first: 100) { edges { node { schemaName } } } }": types.ListedSchemaNamesDocument,
};

/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = gql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function gql(source: string): unknown;

/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation W($e: String!) { createUser(input: { email: $e }) { email } }"): (typeof documents)["mutation W($e: String!) { createUser(input: { email: $e }) { email } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query CitusTenantUsers { currentTenant { slug } users(first: 50) { totalCount edges { node { email } } } }"): (typeof documents)["query CitusTenantUsers { currentTenant { slug } users(first: 50) { totalCount edges { node { email } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query CitusUserCount { users(first: 5) { totalCount } }"): (typeof documents)["query CitusUserCount { users(first: 5) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantCosts($id: ID!) { tenant(id: $id) { databaseCost { schemaName queriesThisPeriod cpuSecondsThisPeriod } } tenantDatabaseCosts { schemaName } }"): (typeof documents)["query TenantCosts($id: ID!) { tenant(id: $id) { databaseCost { schemaName queriesThisPeriod cpuSecondsThisPeriod } } tenantDatabaseCosts { schemaName } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query CostsAsTenantAdmin { tenant { databaseCost { queriesThisPeriod } } }"): (typeof documents)["query CostsAsTenantAdmin { tenant { databaseCost { queriesThisPeriod } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query ServedEmails { currentTenant { slug } users(first: 100) { edges { node { email } } } }"): (typeof documents)["query ServedEmails { currentTenant { slug } users(first: 100) { edges { node { email } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id } }"): (typeof documents)["mutation AuditedCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedSuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { id } }"): (typeof documents)["mutation AuditedSuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedActivateTenant($id: ID!) { activateTenant(id: $id) { id } }"): (typeof documents)["mutation AuditedActivateTenant($id: ID!) { activateTenant(id: $id) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedBackupTenant($id: ID!) { backupTenant(id: $id, reason: \"nightly\") { id } }"): (typeof documents)["mutation AuditedBackupTenant($id: ID!) { backupTenant(id: $id, reason: \"nightly\") { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedRestoreTenant($id: ID!) { restoreTenant(backupId: $id) { replacedBackup { id } } }"): (typeof documents)["mutation AuditedRestoreTenant($id: ID!) { restoreTenant(backupId: $id) { replacedBackup { id } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedDeleteBackup($id: ID!) { deleteBackup(id: $id) }"): (typeof documents)["mutation AuditedDeleteBackup($id: ID!) { deleteBackup(id: $id) }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedCloneTenant($id: ID!, $slug: String!) { cloneTenant(tenantId: $id, slug: $slug) { tenant { id } } }"): (typeof documents)["mutation AuditedCloneTenant($id: ID!, $slug: String!) { cloneTenant(tenantId: $id, slug: $slug) { tenant { id } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"closed\") { id } }"): (typeof documents)["mutation AuditedArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"closed\") { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedUnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { id } }"): (typeof documents)["mutation AuditedUnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation AuditedDeleteTenant($id: ID!) { deleteTenant(id: $id) }"): (typeof documents)["mutation AuditedDeleteTenant($id: ID!) { deleteTenant(id: $id) }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query CliCreatedTenantSlug { currentTenant { slug } }"): (typeof documents)["query CliCreatedTenantSlug { currentTenant { slug } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation SideEffectsInvite($tenantId: ID!, $email: String!) {\n    inviteMember(tenantId: $tenantId, email: $email, role: MEMBER) { id }\n  }\n"): (typeof documents)["\n  mutation SideEffectsInvite($tenantId: ID!, $email: String!) {\n    inviteMember(tenantId: $tenantId, email: $email, role: MEMBER) { id }\n  }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query DailyStorageHistory { usageLogs(metric: STORAGE, period: DAILY, from: \"2026-03-01T00:00:00Z\", to: \"2026-03-31T00:00:00Z\") { timestamp value } }"): (typeof documents)["query DailyStorageHistory { usageLogs(metric: STORAGE, period: DAILY, from: \"2026-03-01T00:00:00Z\", to: \"2026-03-31T00:00:00Z\") { timestamp value } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation Create($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName } }"): (typeof documents)["mutation Create($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query StaffIdentity { me { account { email } } }"): (typeof documents)["query StaffIdentity { me { account { email } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SetEncryptedStripeKey { setTenantSetting(input: { category: BILLING, key: \"stripeKey\", value: \"sk_live_1\", encrypted: true }) { id } }"): (typeof documents)["mutation SetEncryptedStripeKey { setTenantSetting(input: { category: BILLING, key: \"stripeKey\", value: \"sk_live_1\", encrypted: true }) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query BillingSettings { tenantSettings(category: BILLING) { key value } }"): (typeof documents)["query BillingSettings { tenantSettings(category: BILLING) { key value } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation TakeBackup($id: ID!, $reason: String) { backupTenant(id: $id, reason: $reason) { id tenantId kind reason createdBy tables rowCounts sizeBytes migrationVersion schemaName } }"): (typeof documents)["mutation TakeBackup($id: ID!, $reason: String) { backupTenant(id: $id, reason: $reason) { id tenantId kind reason createdBy tables rowCounts sizeBytes migrationVersion schemaName } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query ListBackups($id: ID) { backups(tenantId: $id) { id reason kind } }"): (typeof documents)["query ListBackups($id: ID) { backups(tenantId: $id) { id reason kind } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation DeleteBackup($id: ID!) { deleteBackup(id: $id) }"): (typeof documents)["mutation DeleteBackup($id: ID!) { deleteBackup(id: $id) }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation CreateUserBeforeBackup { createUser(input: { email: \"before@x.test\" }) { id } }"): (typeof documents)["mutation CreateUserBeforeBackup { createUser(input: { email: \"before@x.test\" }) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation CreateUserAfterBackup { createUser(input: { email: \"after@x.test\" }) { id } }"): (typeof documents)["mutation CreateUserAfterBackup { createUser(input: { email: \"after@x.test\" }) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RestoreBackup($id: ID!) { restoreTenant(backupId: $id) { tenant { id status } replacedBackup { id kind rowCounts } migrated rowCounts } }"): (typeof documents)["mutation RestoreBackup($id: ID!) { restoreTenant(backupId: $id) { tenant { id status } replacedBackup { id kind rowCounts } migrated rowCounts } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query RestoredUsers { users(first: 10) { edges { node { email } } } }"): (typeof documents)["query RestoredUsers { users(first: 10) { edges { node { email } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RestoreAnotherTenantsBackup($id: ID!) { restoreTenant(backupId: $id) { migrated } }"): (typeof documents)["mutation RestoreAnotherTenantsBackup($id: ID!) { restoreTenant(backupId: $id) { migrated } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation DeleteAnotherTenantsBackup($id: ID!) { deleteBackup(id: $id) }"): (typeof documents)["mutation DeleteAnotherTenantsBackup($id: ID!) { deleteBackup(id: $id) }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation DeleteUnknownBackup { deleteBackup(id: \"00000000-0000-4000-8000-000000000000\") }"): (typeof documents)["mutation DeleteUnknownBackup { deleteBackup(id: \"00000000-0000-4000-8000-000000000000\") }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation DeleteBackupByMalformedId { deleteBackup(id: \"nope\") }"): (typeof documents)["mutation DeleteBackupByMalformedId { deleteBackup(id: \"nope\") }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation CloneFromBackup($b: ID, $s: String!) { cloneTenant(backupId: $b, slug: $s) { tenant { slug status } rowCounts } }"): (typeof documents)["mutation CloneFromBackup($b: ID, $s: String!) { cloneTenant(backupId: $b, slug: $s) { tenant { slug status } rowCounts } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation CloneAsTenantOwner($s: String!) { cloneTenant(tenantId: \"x\", slug: $s) { migrated } }"): (typeof documents)["mutation CloneAsTenantOwner($s: String!) { cloneTenant(tenantId: \"x\", slug: $s) { migrated } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation ArchiveTenantForUnarchive($id: ID!) { archiveTenant(id: $id) { status } }"): (typeof documents)["mutation ArchiveTenantForUnarchive($id: ID!) { archiveTenant(id: $id) { status } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation UnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { status schemaName } }"): (typeof documents)["mutation UnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { status schemaName } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query UnarchivedTenantSlug { currentTenant { slug } }"): (typeof documents)["query UnarchivedTenantSlug { currentTenant { slug } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation DeleteTenantKeepingBackups($id: ID!) { deleteTenant(id: $id, keepBackups: true) }"): (typeof documents)["mutation DeleteTenantKeepingBackups($id: ID!) { deleteTenant(id: $id, keepBackups: true) }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query OrphanBackups { orphanBackups { id tenantId tenantSlug } }"): (typeof documents)["query OrphanBackups { orphanBackups { id tenantId tenantSlug } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query WarmTheDoor { currentTenant { id } }"): (typeof documents)["query WarmTheDoor { currentTenant { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantWithoutRelations { currentTenant { id name slug status limits { users } } }"): (typeof documents)["query TenantWithoutRelations { currentTenant { id name slug status limits { users } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantDomainsOnly { currentTenant { id domains { domain primary } } }"): (typeof documents)["query TenantDomainsOnly { currentTenant { id domains { domain primary } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantUsage { currentTenant { usage { users } userUsagePercent } }"): (typeof documents)["query TenantUsage { currentTenant { usage { users } userUsagePercent } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantName { currentTenant { name } }"): (typeof documents)["query TenantName { currentTenant { name } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RenameToRenamed($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\" }) { name } }"): (typeof documents)["mutation RenameToRenamed($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\" }) { name } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation AddTenantDomain($tenantId: ID, $domain: String!, $primary: Boolean) {\n    addTenantDomain(tenantId: $tenantId, domain: $domain, primary: $primary) { id domain primary verifiedAt verificationToken verificationRecord }\n  }\n"): (typeof documents)["\n  mutation AddTenantDomain($tenantId: ID, $domain: String!, $primary: Boolean) {\n    addTenantDomain(tenantId: $tenantId, domain: $domain, primary: $primary) { id domain primary verifiedAt verificationToken verificationRecord }\n  }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation VerifyTenantDomain($id: ID!) { verifyTenantDomain(id: $id) { id domain verifiedAt } }\n"): (typeof documents)["\n  mutation VerifyTenantDomain($id: ID!) { verifyTenantDomain(id: $id) { id domain verifiedAt } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation SetPrimaryDomain($id: ID!) { setPrimaryDomain(id: $id) { id domain primary } }\n"): (typeof documents)["\n  mutation SetPrimaryDomain($id: ID!) { setPrimaryDomain(id: $id) { id domain primary } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation RemoveTenantDomain($id: ID!) { removeTenantDomain(id: $id) }\n"): (typeof documents)["\n  mutation RemoveTenantDomain($id: ID!) { removeTenantDomain(id: $id) }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  query TenantDomains { currentTenant { domain domains { domain primary verifiedAt } } }\n"): (typeof documents)["\n  query TenantDomains { currentTenant { domain domains { domain primary verifiedAt } } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  query ServedSlug { currentTenant { slug } }\n"): (typeof documents)["\n  query ServedSlug { currentTenant { slug } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation UpdateTenantLimits($id: ID!, $input: UpdateTenantInput!, $force: Boolean) { updateTenant(id: $id, input: $input, force: $force) { plan limits { users storageGb apiCallsPerMonth } } }"): (typeof documents)["mutation UpdateTenantLimits($id: ID!, $input: UpdateTenantInput!, $force: Boolean) { updateTenant(id: $id, input: $input, force: $force) { plan limits { users storageGb apiCallsPerMonth } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation CreateUserB { createUser(input: { email: \"b@x.test\" }) { id } }"): (typeof documents)["mutation CreateUserB { createUser(input: { email: \"b@x.test\" }) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation CreateUserA { createUser(input: { email: \"a@x.test\" }) { id } }"): (typeof documents)["mutation CreateUserA { createUser(input: { email: \"a@x.test\" }) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RefreshStorageUsage { refreshTenantUsage { id } }"): (typeof documents)["mutation RefreshStorageUsage { refreshTenantUsage { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SetSettingOverStorage { setTenantSetting(input: { category: GENERAL, key: \"k\", value: \"v\" }) { key } }"): (typeof documents)["mutation SetSettingOverStorage { setTenantSetting(input: { category: GENERAL, key: \"k\", value: \"v\" }) { key } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation BackupOverStorage($id: ID!) { backupTenant(id: $id) { id } }"): (typeof documents)["mutation BackupOverStorage($id: ID!) { backupTenant(id: $id) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query CountUsersOverStorage { users(first: 5) { totalCount } }"): (typeof documents)["query CountUsersOverStorage { users(first: 5) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation InvitePending($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }"): (typeof documents)["mutation InvitePending($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SeatsUsage { currentTenant { usage { users } limits { users } userUsagePercent } }"): (typeof documents)["query SeatsUsage { currentTenant { usage { users } limits { users } userUsagePercent } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MemberCount { members(first: 20) { totalCount } }"): (typeof documents)["query MemberCount { members(first: 20) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation InviteMember($email: String!, $role: MemberRole!) {\n    inviteMember(email: $email, role: $role) { id role status invitedAt acceptedAt user { id email } }\n  }\n"): (typeof documents)["\n  mutation InviteMember($email: String!, $role: MemberRole!) {\n    inviteMember(email: $email, role: $role) { id role status invitedAt acceptedAt user { id email } }\n  }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation AcceptInvitation { acceptInvitation { id role status acceptedAt } }\n"): (typeof documents)["\n  mutation AcceptInvitation { acceptInvitation { id role status acceptedAt } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation UpdateMember($id: ID!, $role: MemberRole, $status: MemberStatus, $permissions: JSON) {\n    updateMember(id: $id, role: $role, status: $status, permissions: $permissions) { id role status permissions }\n  }\n"): (typeof documents)["\n  mutation UpdateMember($id: ID!, $role: MemberRole, $status: MemberStatus, $permissions: JSON) {\n    updateMember(id: $id, role: $role, status: $status, permissions: $permissions) { id role status permissions }\n  }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation RemoveMember($id: ID!) { removeMember(id: $id) }\n"): (typeof documents)["\n  mutation RemoveMember($id: ID!) { removeMember(id: $id) }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation SetUserLimit($id: ID!, $users: Int!) { updateTenant(id: $id, input: { limits: { users: $users } }) { limits { users } } }\n"): (typeof documents)["\n  mutation SetUserLimit($id: ID!, $users: Int!) { updateTenant(id: $id, input: { limits: { users: $users } }) { limits { users } } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  query UsersUsage { currentTenant { usage { users } } }\n"): (typeof documents)["\n  query UsersUsage { currentTenant { usage { users } } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MyMemberships { me { account { email } memberships { role status acceptedAt tenant { slug } } } }"): (typeof documents)["query MyMemberships { me { account { email } memberships { role status acceptedAt tenant { slug } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query ActivityPing { currentTenant { name } }"): (typeof documents)["query ActivityPing { currentTenant { name } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MembersLastActive { members(first: 10, role: MEMBER) { edges { node { lastActiveAt } } } }"): (typeof documents)["query MembersLastActive { members(first: 10, role: MEMBER) { edges { node { lastActiveAt } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RefreshSeatUsage { refreshTenantUsage { usage { users } } }"): (typeof documents)["mutation RefreshSeatUsage { refreshTenantUsage { usage { users } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  query TenantSettingsAndGroups { tenantSettings { id category key value type encrypted } settingsByCategory }\n"): (typeof documents)["\n  query TenantSettingsAndGroups { tenantSettings { id category key value type encrypted } settingsByCategory }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation SetTenantSetting($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { id category key value type encrypted } }\n"): (typeof documents)["\n  mutation SetTenantSetting($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { id category key value type encrypted } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  query TenantSettings { tenantSettings { id category key value type encrypted } }\n"): (typeof documents)["\n  query TenantSettings { tenantSettings { id category key value type encrypted } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SettingsByCategory { settingsByCategory }"): (typeof documents)["query SettingsByCategory { settingsByCategory }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query PublicBranding { currentTenant { id name slug branding } }"): (typeof documents)["query PublicBranding { currentTenant { id name slug branding } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation DeleteDigestSetting { deleteTenantSetting(category: NOTIFICATIONS, key: \"digest\") }"): (typeof documents)["mutation DeleteDigestSetting { deleteTenantSetting(category: NOTIFICATIONS, key: \"digest\") }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SmokeCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName domains { domain primary } } }"): (typeof documents)["mutation SmokeCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName domains { domain primary } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SmokePublicTenant { currentTenant { id name slug branding } }"): (typeof documents)["query SmokePublicTenant { currentTenant { id name slug branding } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SmokeCreateUser { createUser(input: { email: \"A@Example.com\", name: \"A\" }) { email } }"): (typeof documents)["mutation SmokeCreateUser { createUser(input: { email: \"A@Example.com\", name: \"A\" }) { email } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SmokeUsers { users(first: 5) { totalCount edges { node { email } } } }"): (typeof documents)["query SmokeUsers { users(first: 5) { totalCount edges { node { email } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SmokeSetEncryptedSetting { setTenantSetting(input: { category: SECURITY, key: \"apiKey\", value: \"s3cret\", encrypted: true }) { key value encrypted type } }"): (typeof documents)["mutation SmokeSetEncryptedSetting { setTenantSetting(input: { category: SECURITY, key: \"apiKey\", value: \"s3cret\", encrypted: true }) { key value encrypted type } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SmokeSettingsAsViewer { tenantSettings { key value encrypted } }"): (typeof documents)["query SmokeSettingsAsViewer { tenantSettings { key value encrypted } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SmokeInviteMember { inviteMember(email: \"new@x.test\", role: MEMBER) { role status acceptedAt user { email } } }"): (typeof documents)["mutation SmokeInviteMember { inviteMember(email: \"new@x.test\", role: MEMBER) { role status acceptedAt user { email } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SmokeMemberCount { members(first: 10) { totalCount } }"): (typeof documents)["query SmokeMemberCount { members(first: 10) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SmokeAuditActions { auditLogs(first: 10) { totalCount edges { node { action } } } }"): (typeof documents)["query SmokeAuditActions { auditLogs(first: 10) { totalCount edges { node { action } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) { id slug schemaName status plan domain limits { users storageGb apiCallsPerMonth } }\n  }\n"): (typeof documents)["\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) { id slug schemaName status plan domain limits { users storageGb apiCallsPerMonth } }\n  }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  query EnterpriseTenantsPage($after: String) {\n    tenants(first: 1, after: $after, plan: ENTERPRISE, status: ACTIVE, orderBy: NAME_DESC) {\n      totalCount pageInfo { hasNextPage endCursor } edges { node { name plan } }\n    }\n  }\n"): (typeof documents)["\n  query EnterpriseTenantsPage($after: String) {\n    tenants(first: 1, after: $after, plan: ENTERPRISE, status: ACTIVE, orderBy: NAME_DESC) {\n      totalCount pageInfo { hasNextPage endCursor } edges { node { name plan } }\n    }\n  }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation SuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { status } }\n"): (typeof documents)["\n  mutation SuspendTenant($id: ID!) { suspendTenant(id: $id, reason: \"unpaid\") { status } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation ActivateTenant($id: ID!) { activateTenant(id: $id) { status } }\n"): (typeof documents)["\n  mutation ActivateTenant($id: ID!) { activateTenant(id: $id) { status } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation ArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"churned\") { status metadata } }\n"): (typeof documents)["\n  mutation ArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: \"churned\") { status metadata } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation DeleteTenant($id: ID!) { deleteTenant(id: $id) }\n"): (typeof documents)["\n  mutation DeleteTenant($id: ID!) { deleteTenant(id: $id) }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  query CurrentTenantId { currentTenant { id } }\n"): (typeof documents)["\n  query CurrentTenantId { currentTenant { id } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation RenameTenant($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\", metadata: { color: \"red\" } }) { name metadata } }\n"): (typeof documents)["\n  mutation RenameTenant($id: ID!) { updateTenant(id: $id, input: { name: \"Renamed\", metadata: { color: \"red\" } }) { name metadata } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }\n"): (typeof documents)["\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "\n  mutation BackupTenant($id: ID!) { backupTenant(id: $id) { schemaName tables createdAt } }\n"): (typeof documents)["\n  mutation BackupTenant($id: ID!) { backupTenant(id: $id) { schemaName tables createdAt } }\n"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SuspendAnotherTenant($id: ID!) { suspendTenant(id: $id) { id } }"): (typeof documents)["mutation SuspendAnotherTenant($id: ID!) { suspendTenant(id: $id) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MeteredTenantCall { currentTenant { id } }"): (typeof documents)["query MeteredTenantCall { currentTenant { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query PlatformCall { serverTime }"): (typeof documents)["query PlatformCall { serverTime }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query HourlyApiCalls { usageLogs(metric: API_CALLS, period: HOURLY) { value metric period } }"): (typeof documents)["query HourlyApiCalls { usageLogs(metric: API_CALLS, period: HOURLY) { value metric period } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RefreshUsagePercents { refreshTenantUsage { usage { users storageGb } userUsagePercent storageUsagePercent apiCallsUsagePercent } }"): (typeof documents)["mutation RefreshUsagePercents { refreshTenantUsage { usage { users storageGb } userUsagePercent storageUsagePercent apiCallsUsagePercent } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query UsersAfterCursor($c: String) { users(first: 2, after: $c) { edges { cursor } } }"): (typeof documents)["query UsersAfterCursor($c: String) { users(first: 2, after: $c) { edges { cursor } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MembersAfterCursor($c: String) { members(first: 2, after: $c) { edges { cursor } } }"): (typeof documents)["query MembersAfterCursor($c: String) { members(first: 2, after: $c) { edges { cursor } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query AuditLogsBeforeCursor($c: String) { auditLogs(last: 2, before: $c) { edges { cursor } } }"): (typeof documents)["query AuditLogsBeforeCursor($c: String) { auditLogs(last: 2, before: $c) { edges { cursor } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantsAfterCursor($c: String) { tenants(first: 2, after: $c) { edges { cursor } } }"): (typeof documents)["query TenantsAfterCursor($c: String) { tenants(first: 2, after: $c) { edges { cursor } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query FirstMemberCursor { members(first: 1) { pageInfo { endCursor } } }"): (typeof documents)["query FirstMemberCursor { members(first: 1) { pageInfo { endCursor } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MembersAfter($c: String) { members(first: 2, after: $c) { edges { node { role } } } }"): (typeof documents)["query MembersAfter($c: String) { members(first: 2, after: $c) { edges { node { role } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantBySlug($slug: String) { tenant(slug: $slug) { id } }"): (typeof documents)["query TenantBySlug($slug: String) { tenant(slug: $slug) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantById($id: ID) { tenant(id: $id) { id } }"): (typeof documents)["query TenantById($id: ID) { tenant(id: $id) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RemoveMemberById($id: ID!) { removeMember(id: $id) }"): (typeof documents)["mutation RemoveMemberById($id: ID!) { removeMember(id: $id) }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantsFromTenantHost { tenants(first: 5) { totalCount edges { node { slug } } } }"): (typeof documents)["query TenantsFromTenantHost { tenants(first: 5) { totalCount edges { node { slug } } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation CreateTenantFromTenantHost { createTenant(input: { name: \"From a tenant host\", slug: \"from-tenant-host\" }) { id } }"): (typeof documents)["mutation CreateTenantFromTenantHost { createTenant(input: { name: \"From a tenant host\", slug: \"from-tenant-host\" }) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query TenantsFromPlatformHost { tenants(first: 5) { totalCount } }"): (typeof documents)["query TenantsFromPlatformHost { tenants(first: 5) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MeteredSettings($t: ID) { tenantSettings(tenantId: $t) { key } }"): (typeof documents)["query MeteredSettings($t: ID) { tenantSettings(tenantId: $t) { key } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MeteredMembers($t: ID) { members(tenantId: $t, first: 1) { totalCount } }"): (typeof documents)["query MeteredMembers($t: ID) { members(tenantId: $t, first: 1) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MeteredTenant($t: ID) { tenant(id: $t) { id usage { apiCallsPerMonth } } }"): (typeof documents)["query MeteredTenant($t: ID) { tenant(id: $t) { id usage { apiCallsPerMonth } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MeteredMembersAndSettings($t: ID) { members(tenantId: $t, first: 1) { totalCount } tenantSettings(tenantId: $t) { key } }"): (typeof documents)["query MeteredMembersAndSettings($t: ID) { members(tenantId: $t, first: 1) { totalCount } tenantSettings(tenantId: $t) { key } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MeteredAcrossFields($t: ID) { a: members(tenantId: $t, first: 1) { totalCount } b: tenantSettings(tenantId: $t) { key } c: tenant(id: $t) { id } }"): (typeof documents)["query MeteredAcrossFields($t: ID) { a: members(tenantId: $t, first: 1) { totalCount } b: tenantSettings(tenantId: $t) { key } c: tenant(id: $t) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query MembersOverSoftLimit($t: ID) { members(tenantId: $t, first: 1) { totalCount } }"): (typeof documents)["query MembersOverSoftLimit($t: ID) { members(tenantId: $t, first: 1) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation RaiseApiCallLimit($t: ID!) { updateTenant(id: $t, input: { limits: { apiCallsPerMonth: 100 } }) { limits { apiCallsPerMonth } } }"): (typeof documents)["mutation RaiseApiCallLimit($t: ID!) { updateTenant(id: $t, input: { limits: { apiCallsPerMonth: 100 } }) { limits { apiCallsPerMonth } } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SuspendedSettings($t: ID) { tenantSettings(tenantId: $t) { key value } }"): (typeof documents)["query SuspendedSettings($t: ID) { tenantSettings(tenantId: $t) { key value } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SuspendedSetSetting($t: ID) { setTenantSetting(input: { tenantId: $t, category: GENERAL, key: \"x\", value: \"y\" }) { key } }"): (typeof documents)["mutation SuspendedSetSetting($t: ID) { setTenantSetting(input: { tenantId: $t, category: GENERAL, key: \"x\", value: \"y\" }) { key } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SuspendedInviteAdmin($t: ID) { inviteMember(tenantId: $t, email: \"new-admin@evil.test\", role: ADMIN) { id } }"): (typeof documents)["mutation SuspendedInviteAdmin($t: ID) { inviteMember(tenantId: $t, email: \"new-admin@evil.test\", role: ADMIN) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SuspendedAddDomain($t: ID) { addTenantDomain(tenantId: $t, domain: \"suspended-claim.example.org\") { id } }"): (typeof documents)["mutation SuspendedAddDomain($t: ID) { addTenantDomain(tenantId: $t, domain: \"suspended-claim.example.org\") { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SuspendedBackup($t: ID!) { backupTenant(id: $t) { schemaName } }"): (typeof documents)["mutation SuspendedBackup($t: ID!) { backupTenant(id: $t) { schemaName } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SuspendedEraseRecord($t: ID!) { updateTenant(id: $t, input: { metadata: { suspension_reason: null } }) { id } }"): (typeof documents)["mutation SuspendedEraseRecord($t: ID!) { updateTenant(id: $t, input: { metadata: { suspension_reason: null } }) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SuspendedMembers($t: ID) { members(tenantId: $t, first: 5) { totalCount } }"): (typeof documents)["query SuspendedMembers($t: ID) { members(tenantId: $t, first: 5) { totalCount } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query SuspendedTenant($t: ID) { tenant(id: $t) { status metadata } }"): (typeof documents)["query SuspendedTenant($t: ID) { tenant(id: $t) { status metadata } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query StaffReadsSuspendedTenant($t: ID) { tenant(id: $t) { status } tenantSettings(tenantId: $t) { key } }"): (typeof documents)["query StaffReadsSuspendedTenant($t: ID) { tenant(id: $t) { status } tenantSettings(tenantId: $t) { key } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query PendingTenantSettings($t: ID) { tenantSettings(tenantId: $t) { key } }"): (typeof documents)["query PendingTenantSettings($t: ID) { tenantSettings(tenantId: $t) { key } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation UpdateTenantData($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }"): (typeof documents)["mutation UpdateTenantData($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SetOversizedSetting($key: String!) { setTenantSetting(input: { category: GENERAL, key: $key, value: \"v\" }) { key } }"): (typeof documents)["mutation SetOversizedSetting($key: String!) { setTenantSetting(input: { category: GENERAL, key: $key, value: \"v\" }) { key } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "mutation SetOversizedPermissions($id: ID!, $p: JSON) { updateMember(id: $id, permissions: $p) { id } }"): (typeof documents)["mutation SetOversizedPermissions($id: ID!, $p: JSON) { updateMember(id: $id, permissions: $p) { id } }"];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(source: "query ListedSchemaNames { tenants(first: 100) { edges { node { schemaName } } } }"): (typeof documents)["query ListedSchemaNames { tenants(first: 100) { edges { node { schemaName } } } }"];

export function gql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;