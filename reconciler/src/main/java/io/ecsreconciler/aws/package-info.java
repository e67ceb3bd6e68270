/**
 * The AWS SDK side of the reconciler: {@link io.ecsreconciler.aws.AwsSettings} (region, endpoint override,
 * role to assume), {@link io.ecsreconciler.aws.AwsClients} (lazily built, shared HTTP client, adaptive
 * retries) and {@link io.ecsreconciler.aws.ApiCallCounter} (reads vs mutations per operation, and a hook
 * that can abort mutating calls in crash tests).
 *
 * <h2>Where credentials come from</h2>
 * No credentials are written in code or configuration here. The base credentials are the SDK's
 * {@code DefaultCredentialsProvider}, which tries in order and takes the first that yields credentials:
 * <ol>
 *   <li>JVM system properties {@code aws.accessKeyId}, {@code aws.secretAccessKey} ({@code aws.sessionToken});</li>
 *   <li>environment variables {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} ({@code AWS_SESSION_TOKEN});</li>
 *   <li>web identity: {@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN} (+ {@code AWS_ROLE_SESSION_NAME}),
 *       e.g. EKS IRSA or a CI's OIDC token, exchanged with STS {@code AssumeRoleWithWebIdentity};</li>
 *   <li>the shared {@code ~/.aws/credentials} and {@code ~/.aws/config} files ({@code AWS_PROFILE});</li>
 *   <li>the container credentials endpoint (ECS task role, EKS Pod Identity);</li>
 *   <li>the EC2 instance metadata service (instance profile).</li>
 * </ol>
 * When {@code AwsSettings.assumeRole} is set (env {@code RECONCILER_ASSUME_ROLE_ARN},
 * {@code RECONCILER_ASSUME_ROLE_SESSION_NAME}, {@code RECONCILER_ASSUME_ROLE_EXTERNAL_ID}), every client signs
 * with an {@code StsAssumeRoleCredentialsProvider} that calls STS {@code AssumeRole} with the base credentials
 * (through its own STS client: same region and endpoint override, not counted) and refreshes the session
 * before it expires. Tests pass their own base provider with
 * {@link io.ecsreconciler.aws.AwsClients#create(AwsSettings, ApiCallCounter, software.amazon.awssdk.auth.credentials.AwsCredentialsProvider)}.
 */
package io.ecsreconciler.aws;
