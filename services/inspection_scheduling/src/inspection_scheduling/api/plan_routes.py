"""Routes of inspection_scheduling (plan): being built in this issue."""

from fastapi import APIRouter

router = APIRouter(tags=["plan"])
