"""Widgets every form shares."""

from django import forms

# ISO, whatever the language: <input type="date"> reads no other format.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
