// The bot on Azure: an App Service Web App running the container image from deploy/Dockerfile, an
// Azure Bot registration whose messaging endpoint is that app's /api/messages, and the Teams channel.
//
//   az group create -n japan-russia-bot -l westeurope
//   az deployment group create -g japan-russia-bot -f deploy/azure/main.bicep -p deploy/azure/main.parameters.json
//
// The bot's identity is one of two kinds. Multi-tenant bots can no longer be created, so that kind is
// not offered.
//   UserAssignedMSI (the default): this template creates a user-assigned managed identity. Its client id
//     becomes the bot's app id, and the Web App runs with it. No secret to create or rotate.
//   SingleTenant: bring an Entra ID app registration (single tenant) with a client secret. Pass
//     appId, appTenantId (defaults to this deployment's tenant) and appPassword.
//
// Instead of a container, the Web App can run the published app on the built-in stack: set
// linuxFxVersion to 'DOTNETCORE|10.0' and deploy the output of `dotnet publish` with the corpus copied
// beside it (then Corpus__Path must point there).
//
// /data (feedback and Data Protection keys) is the container's own disk on App Service, and a restart
// clears it. To keep it, mount an Azure Files share at /data (siteConfig.azureStorageAccounts).

targetScope = 'resourceGroup'

@description('Base name of the resources. The Web App and the bot get a suffix unique to the resource group, because both names must be globally unique.')
@minLength(3)
@maxLength(30)
param name string = 'japan-russia-bot'

@description('Region of the App Service plan, the Web App and the managed identity.')
param location string = resourceGroup().location

@description('Region of the Azure Bot: global, or a regional one (westeurope, centralindia) for data residency.')
param botLocation string = 'global'

@description('Name shown for the bot in the Azure portal and in channels.')
@maxLength(42)
param botDisplayName string = 'Japan–Russia: still at war?'

@description('UserAssignedMSI: this template creates the identity. SingleTenant: pass appId, appPassword and (optionally) appTenantId.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param appType string = 'UserAssignedMSI'

@description('SingleTenant only: the app registration\'s application (client) id.')
param appId string = ''

@description('SingleTenant only: the tenant of the app registration.')
param appTenantId string = tenant().tenantId

@description('SingleTenant only: a client secret of the app registration.')
@secure()
param appPassword string = ''

@description('Azure Bot pricing tier. F0 is free, with a monthly message quota on premium channels. Standard channels such as Teams are free on both tiers.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('The container image to run, e.g. myregistry.azurecr.io/japan-russia-bot:1 (built with deploy/Dockerfile).')
param containerImage string

@description('Registry login server for a private image, e.g. myregistry.azurecr.io. Leave empty for a public image.')
param registryServer string = ''

@description('Registry user name (for Azure Container Registry: the admin user, or a token name).')
param registryUsername string = ''

@description('Registry password.')
@secure()
param registryPassword string = ''

@description('App Service plan tier (Linux). Always On needs Basic or higher, so Free is not offered.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
])
param planSku string = 'B1'

var suffix = uniqueString(resourceGroup().id)
var webAppName = take('${name}-${suffix}', 60)
var botName = take('${name}-bot-${suffix}', 64)
var isMsi = appType == 'UserAssignedMSI'
var usesRegistry = !empty(registryServer)

resource botIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = if (isMsi) {
  name: '${name}-identity'
  location: location
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: planSku
  }
  properties: {
    reserved: true // makes the plan Linux
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: webAppName
  location: location
  kind: 'app,linux,container'
  identity: isMsi ? {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${botIdentity.id}': {}
    }
  } : null
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOCKER|${containerImage}'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// The bot's identity as the app sees it: the same values the Azure Bot is registered with.
var authSettings = isMsi ? {
  MicrosoftAppType: 'UserAssignedMSI'
  MicrosoftAppId: botIdentity.properties.clientId
  MicrosoftAppTenantId: botIdentity.properties.tenantId
} : {
  MicrosoftAppType: 'SingleTenant'
  MicrosoftAppId: appId
  MicrosoftAppTenantId: appTenantId
  MicrosoftAppPassword: appPassword
}

var registrySettings = usesRegistry ? {
  DOCKER_REGISTRY_SERVER_URL: 'https://${registryServer}'
  DOCKER_REGISTRY_SERVER_USERNAME: registryUsername
  DOCKER_REGISTRY_SERVER_PASSWORD: registryPassword
} : {}

// A separate resource, so that the settings can use the app's own host name. It replaces all app settings.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(authSettings, registrySettings, {
    WEBSITES_PORT: '8080'
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
    Channels__PublicUrl: 'https://${site.properties.defaultHostName}/'
  })
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: botLocation
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    description: 'Answers whether Japan and Russia are still technically at war, quoting and citing its sources.'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppType: appType
    msaAppId: isMsi ? botIdentity.properties.clientId : appId
    msaAppTenantId: isMsi ? botIdentity.properties.tenantId : appTenantId
    msaAppMSIResourceId: isMsi ? botIdentity.id : null
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: botLocation
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

@description('The messaging endpoint the Azure Bot calls.')
output botEndpoint string = bot.properties.endpoint

@description('The bot\'s Microsoft App ID: pass it to deploy/teams/package.sh.')
output appId string = bot.properties.msaAppId

@description('The Azure Bot resource name (for "Test in Web Chat" in the portal).')
output botName string = bot.name

@description('The Web App\'s address; the chat page is at its root.')
output webAppUrl string = 'https://${site.properties.defaultHostName}/'
