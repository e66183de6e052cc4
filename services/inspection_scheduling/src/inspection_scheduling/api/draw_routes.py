"""Routes of inspection_scheduling (draw): being built in this issue."""

from fastapi import APIRouter

router = APIRouter(tags=["draw"])
