/* placeholder replaced by the native peer */
#include <stdio.h>
int main(void) { puts("ERROR not built yet"); return 1; }
