#ifndef ANZHI_CZIP_SHIM_H
#define ANZHI_CZIP_SHIM_H
#include <zip.h>
/* zlib, which libzip is built on: a sheet's XML is deflated while it is written (BackgroundDeflater). */
#include <zlib.h>
#endif
