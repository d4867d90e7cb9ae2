#ifndef ANZHI_CZIP_SHIM_H
#define ANZHI_CZIP_SHIM_H
#include <zip.h>
#endif
