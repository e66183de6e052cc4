"""Routes of inspection_scheduling (public): being built in this issue."""

from fastapi import APIRouter

router = APIRouter(tags=["public"])
