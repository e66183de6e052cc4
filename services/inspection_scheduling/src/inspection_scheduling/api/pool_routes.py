"""Routes of inspection_scheduling (pool): being built in this issue."""

from fastapi import APIRouter

router = APIRouter(tags=["pool"])
