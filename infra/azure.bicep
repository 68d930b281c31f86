// The placement panel bot on Azure: an App Service plan and web app (Linux, Node 20) running the
// bot on several instances behind the App Service health check, the Azure Bot registration with its
// Teams channel (botRegistration/azurebot.bicep), and Azure Database for PostgreSQL Flexible Server
// with TLS required (database/postgres.bicep).
//
// Deployed by the Microsoft 365 Agents Toolkit (m365agents.yml, provision: arm/deploy) with the
// parameters in azure.parameters.json, filled from env/.env.<environment> and
// env/.env.<environment>.user. What each setting means and how to run it: docs/deploy.md.
//
// The app settings mirror the bot's configuration (src/config/env.ts; docs/api.md, "Configuration").
// test/infra/bicepAppSettings.test.ts checks that they name every variable the bot needs with an
// app id, and nothing it does not read, so the two cannot drift apart.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan SKU. Basic (B1) and above run several instances and the health check; Premium v3 (P0v3 and above) adds autoscale and zone redundancy.')
param webAppSku string = 'P0v3'

@description('How many App Service instances run the bot, as text (the toolkit fills it from APP_INSTANCE_COUNT). See docs/deploy.md, "Several instances".')
param instanceCount string = '2'

@description('The runtime stack of the Linux web app.')
param linuxFxVersion string = 'NODE|20-lts'

param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName

@maxLength(42)
param botDisplayName string = 'Placement Panel'

// The bot identity: a single-tenant Microsoft Entra app made by aadApp/create (m365agents.yml).

@description('The client id of the bot Entra app (BOT_ID).')
param botAadAppClientId string

@secure()
@description('The client secret of the bot Entra app (SECRET_BOT_PASSWORD).')
param botAadAppClientSecret string

@description('The tenant of the bot Entra app (BOT_TENANT_ID).')
param botAadAppTenantId string

// The panel, as docs/api.md, "Configuration", describes each variable.

@description('ALLOWED_TENANTS: comma-separated tenant ids whose activities are handled. Required with an app id.')
param allowedTenants string

@description('PANEL_MEMBERS: comma-separated Entra object ids of the people who may decide.')
param panelMembers string

@description('PANEL_CHAIR: object ids of the chairs.')
param panelChair string = ''

@description('PANEL_ROLES: each member\'s role by object id, e.g. "aad-1=chair,aad-2=finance"; empty for PANEL_MEMBERS and PANEL_CHAIR alone.')
param panelRoles string = ''

@description('APPROVAL_LIMITS: pounds a week of council cost each role may commit, e.g. "commissioning=2500,finance=5000,chair=none"; empty for no limits.')
param approvalLimits string = ''

@description('PANEL_QUORUM: members who must agree, with the roles among them, e.g. "1", "2+chair", "3+chair+finance".')
param panelQuorum string = '1'

@description('MEETING_CRON: when a panel meeting starts on its own (in DIGEST_TZ); empty: started from the chat only.')
param meetingCron string = ''

@secure()
@description('INTAKE_API_KEY: the key of the HTTP intake API, at least 16 characters.')
param intakeApiKey string

@description('DIGEST_CRON: when the weekly digest is posted.')
param digestCron string = '0 9 * * 1'

@description('REMINDER_CRON: when the day\'s follow-ups are posted to the panel channel (in DIGEST_TZ).')
param reminderCron string = '30 9 * * 1-5'

@description('REVIEW_CRON: when review cards of approvals whose review date has come are posted (in DIGEST_TZ).')
param reviewCron string = '0 9 * * *'

@description('ESCALATE_AFTER_DAYS: days overdue past which a follow-up also goes to the leadership channel.')
param escalateAfterDays string = '5'

@description('DIGEST_TZ: the time zone of the digest schedule.')
param digestTimeZone string = 'Europe/London'

@description('SAVINGS_TARGET: the annual savings target in pounds; empty for none.')
param savingsTarget string = ''

@description('MAX_WEEKLY_COST: the highest weekly cost taken as real; empty for the bot default.')
param maxWeeklyCost string = ''

@description('WEEKS_PER_YEAR: 52 or 53.')
param weeksPerYear string = '52'

@description('SLIPPAGE_GRACE_DAYS: days after its effective date an approved change may go unconfirmed before it is flagged as slipping; empty for the bot default (7).')
param slippageGraceDays string = ''

@description('DECIDE_BY_WORKING_DAYS: working days to decide per urgency, e.g. "routine=10,urgent=2,emergency=1"; empty for the bot default.')
param decideByWorkingDays string = ''

@description('RETENTION_DAYS: days after which closed requests are removed; empty keeps everything.')
param retentionDays string = ''

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

// The database.

@description('The PostgreSQL administrator the bot connects as (it creates and migrates its own tables).')
param postgresAdminLogin string = 'panel_admin'

@secure()
@description('The PostgreSQL administrator password (SECRET_POSTGRES_ADMIN_PASSWORD).')
param postgresAdminPassword string

param postgresDatabaseName string = 'panel'

@description('DATABASE_POOL_SIZE: connections each instance keeps to PostgreSQL, besides the one that listens for changes (instances times this plus one must stay under the server max_connections, 50 on Standard_B1ms).')
param databasePoolSize string = '10'
param postgresVersion string = '16'
param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresTier string = 'Burstable'

param postgresStorageSizeGB int = 32

@minValue(7)
@maxValue(35)
@description('Days of point-in-time restore the server keeps.')
param postgresBackupRetentionDays int = 35

@allowed([
  'Disabled'
  'Enabled'
])
@description('Geo-redundant backup: can only be chosen when the server is created.')
param postgresGeoRedundantBackup string = 'Disabled'

@description('Days the Log Analytics workspace keeps the logs of the web app.')
param logRetentionDays int = 90

module database './database/postgres.bicep' = {
  name: 'PostgreSQL'
  params: {
    serverName: toLower('${resourceBaseName}-db')
    location: location
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    databaseName: postgresDatabaseName
    version: postgresVersion
    skuName: postgresSkuName
    tier: postgresTier
    storageSizeGB: postgresStorageSizeGB
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
  }
}

// The URL the bot opens its store with: TLS required (sslmode=require; the server refuses plain
// connections too, see database/postgres.bicep). The password is URL-encoded.
var databaseUrl = 'postgres://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${database.outputs.host}:5432/${database.outputs.databaseName}?sslmode=require'

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: serverfarmsName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: int(instanceCount)
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    // Any instance takes any request: no ARR affinity cookie.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      // The zip holds the built code (npm run build) and its packages; nothing is built on the server.
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      // Readiness: an instance whose store cannot take a write is taken out of the load balancer.
      // /healthz (liveness) answers 200 while the process runs and its store can be read.
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1' // the deployed zip is mounted read-only as the site
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'WEBSITE_HEALTHCHECK_MAXPINGFAILURES'
          value: '5' // minutes of failed /readyz before an instance is taken out
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'MicrosoftAppId'
          value: botAadAppClientId
        }
        {
          name: 'MicrosoftAppPassword'
          value: botAadAppClientSecret
        }
        {
          name: 'MicrosoftAppType'
          value: 'SingleTenant'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: botAadAppTenantId
        }
        {
          name: 'ALLOWED_TENANTS'
          value: allowedTenants
        }
        {
          name: 'PANEL_MEMBERS'
          value: panelMembers
        }
        {
          name: 'PANEL_CHAIR'
          value: panelChair
        }
        {
          name: 'PANEL_ROLES'
          value: panelRoles
        }
        {
          name: 'APPROVAL_LIMITS'
          value: approvalLimits
        }
        {
          name: 'PANEL_QUORUM'
          value: panelQuorum
        }
        {
          name: 'MEETING_CRON'
          value: meetingCron
        }
        {
          name: 'INTAKE_API_KEY'
          value: intakeApiKey
        }
        {
          name: 'TRUST_PROXY'
          value: '1' // App Service front ends add one X-Forwarded-For entry
        }
        {
          name: 'DIGEST_CRON'
          value: digestCron
        }
        {
          name: 'DIGEST_TZ'
          value: digestTimeZone
        }
        {
          name: 'REMINDER_CRON'
          value: reminderCron
        }
        {
          name: 'ESCALATE_AFTER_DAYS'
          value: escalateAfterDays
        }
        {
          name: 'REVIEW_CRON'
          value: reviewCron
        }
        {
          name: 'SAVINGS_TARGET'
          value: savingsTarget
        }
        {
          name: 'MAX_WEEKLY_COST'
          value: maxWeeklyCost
        }
        {
          name: 'WEEKS_PER_YEAR'
          value: weeksPerYear
        }
        {
          name: 'DECIDE_BY_WORKING_DAYS'
          value: decideByWorkingDays
        }
        {
          name: 'SLIPPAGE_GRACE_DAYS'
          value: slippageGraceDays
        }
        {
          name: 'RETENTION_DAYS'
          value: retentionDays
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
        {
          name: 'DATABASE_URL'
          value: databaseUrl
        }
        {
          name: 'DATABASE_POOL_SIZE'
          value: databasePoolSize
        }
        {
          name: 'STORE_PATH'
          // The JSON store, used only if DATABASE_URL is taken away: /home is the storage that
          // outlives restarts and deployments, shared by all instances (one process per store file).
          value: '/home/panel/panel.json'
        }
      ]
    }
  }
}

// Only the web app reaches the database: one firewall rule per address it may connect from.
module databaseFirewall './database/firewall.bicep' = {
  name: 'PostgreSQL-firewall'
  params: {
    serverName: database.outputs.serverName
    ipAddresses: webApp.properties.possibleOutboundIpAddresses
  }
}

// The bot logs (JSON lines on standard output, personal fields redacted) and the HTTP log, to query
// and alert on (docs/deploy.md, "What to monitor").
resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'bot-logs'
  scope: webApp
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// Register the web app as a bot with the Bot Framework, with the Teams channel.
module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    botServiceName: resourceBaseName
    botDisplayName: botDisplayName
    botAadAppClientId: botAadAppClientId
    botAadAppTenantId: botAadAppTenantId
    botAppDomain: webApp.properties.defaultHostName
  }
}

// The outputs are written to env/.env.<environment> (committed): never a secret here.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id // used by the deploy stage
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output POSTGRES_SERVER_NAME string = database.outputs.serverName
output POSTGRES_HOST string = database.outputs.host
output POSTGRES_DATABASE string = database.outputs.databaseName
output LOG_ANALYTICS_WORKSPACE_ID string = logs.id
