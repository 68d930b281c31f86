import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';

/** What of a ConnectorClient this reaches into: its @azure/core-client pipeline. */
interface WithPipeline {
  client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } };
}

/**
 * Connector clients that make one HTTP call per send. The Bot Connector client retries 429 and 5xx
 * on its own (up to three times, waiting up to a minute); under Outbound's own retries (paced,
 * honouring Retry-After, with a time limit per attempt) that second layer could keep an abandoned
 * attempt going and post the same card twice. Outbound is the one place that retries.
 */
export class SingleAttemptConnectorFactory extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  override async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    (client as unknown as WithPipeline).client?.pipeline?.removePolicy({ phase: 'Retry' });
    return client;
  }
}
