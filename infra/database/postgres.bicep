// Azure Database for PostgreSQL Flexible Server for the bot's store, with TLS required: the server
// refuses connections without TLS (require_secure_transport) or below TLS 1.2, and the URL the bot
// is given asks for TLS too (sslmode=require, in ../azure.bicep). Backups: point-in-time restore
// for backupRetentionDays (docs/deploy.md, "Backups").

@description('The server name, unique across Azure: lower-case letters, digits and hyphens.')
param serverName string

param location string

param administratorLogin string

@secure()
param administratorLoginPassword string

param databaseName string

@description('The PostgreSQL major version.')
param version string

@description('The compute size, such as Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param skuName string

param tier string

param storageSizeGB int

param backupRetentionDays int

param geoRedundantBackup string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: serverName
  location: location
  sku: {
    name: skuName
    tier: tier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

// Server parameters are changed one at a time: the server refuses concurrent updates.
resource requireSecureTransport 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
}

resource minimumTlsVersion 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [
    requireSecureTransport
  ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    minimumTlsVersion
  ]
}

output serverName string = server.name
output host string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
