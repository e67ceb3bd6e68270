/**
 * The runtime half of a deploy: what ECS made of a rollout (progressing, completed, failed, rolled back), what
 * the stack's health is because of it, the record that keeps a failed rollout from being started again, and the
 * post-deploy check through the load balancer. No AWS types: the ECS service kind reads and writes AWS and hands
 * over {@link io.ecsreconciler.rollout.ServiceRollout} values.
 */
package io.ecsreconciler.rollout;
