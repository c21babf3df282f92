"""The NZIFF replica: a second, differently shaped festival archive (see ../NZIFF.md)."""
