// The Azure Bot registration: the bot's single-tenant Microsoft Entra app (aadApp/create in
// m365agents.yml) bound to the web app's messaging endpoint, with the Microsoft Teams channel.

@maxLength(42)
param botDisplayName string

@description('The name of the Azure Bot resource.')
param botServiceName string

@description('F0 is free for the standard channels, Teams among them.')
param botServiceSku string = 'F0'

@description('The client id of the bot Entra app.')
param botAadAppClientId string

@description('The tenant of the bot Entra app.')
param botAadAppTenantId string

@description('The host name the bot is served from, without https://.')
param botAppDomain string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'global'
  name: botServiceName
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppId: botAadAppClientId
    msaAppTenantId: botAadAppTenantId
    msaAppType: 'SingleTenant'
  }
  sku: {
    name: botServiceSku
  }
}

// Connect the bot to Microsoft Teams.
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
