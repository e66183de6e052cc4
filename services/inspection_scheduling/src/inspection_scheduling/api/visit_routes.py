"""Routes of inspection_scheduling (visit): being built in this issue."""

from fastapi import APIRouter

router = APIRouter(tags=["visit"])
