import { Global, Module } from '@nestjs/common';
import { TwinExplorerResolver } from './twin-explorer.resolver';
import { TwinExplorerService } from './twin-explorer.service';
import { TwinIndexService } from './twin-index.service';
import { TwinResolver } from './twin.resolver';
import { TwinService } from './twin.service';

@Global()
@Module({
  providers: [TwinIndexService, TwinService, TwinResolver, TwinExplorerService, TwinExplorerResolver],
  exports: [TwinIndexService],
})
export class TwinModule {}
