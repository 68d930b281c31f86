// Firewall rules letting the bot's web app reach the PostgreSQL server: one rule per outbound
// address the web app may use (its possibleOutboundIpAddresses), rather than all of Azure.
// Your own address, for pg_dump or psql, is added by hand (docs/deploy.md, "Backups").

param serverName string

@description('Comma-separated IPv4 addresses.')
param ipAddresses string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: serverName
}

// One at a time: the server refuses concurrent changes.
@batchSize(1)
resource rules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [for (ip, i) in split(ipAddresses, ','): {
  parent: server
  name: 'bot-outbound-${i}'
  properties: {
    startIpAddress: trim(ip)
    endIpAddress: trim(ip)
  }
}]
