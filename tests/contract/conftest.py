"""Contract tests of the deployment side: the Helm chart, docker-compose.yml and deploy/topics.yaml."""
