"""An ECS runtime model for moto: deployments that progress, fail and roll back as AWS documents them.

moto's ECS stores services but never runs a task, so a rollout never completes, fails or rolls back there. This
package patches moto's ECS and ELBv2 backends at start-up (``patches``), and a background thread (``ticker``)
advances every service one scheduler step (``scheduler``) at a fixed pace: tasks start and stop, deployments
complete, the circuit breaker trips and rolls back, targets are registered. ``python -m ecs_runtime`` runs
moto's own server with all of that applied. See emulator/README.md.
"""
