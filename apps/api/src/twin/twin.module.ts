import { Global, Module } from '@nestjs/common';
import { TwinIndexService } from './twin-index.service';
import { TwinResolver } from './twin.resolver';
import { TwinService } from './twin.service';

@Global()
@Module({ providers: [TwinIndexService, TwinService, TwinResolver], exports: [TwinIndexService] })
export class TwinModule {}
